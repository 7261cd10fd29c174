import { inflateSync } from "node:zlib";
import { Resvg } from "@resvg/resvg-js";
import { encodePng } from "../../src/services/complaints/chart-png";

/** The chunks of a PNG file after its signature: type, data and stored CRC. */
function chunks(png: Buffer): { type: string; data: Buffer; crc: string }[] {
  const found = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    found.push({ type: png.toString("ascii", at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length), crc: png.subarray(at + 8 + length, at + 12 + length).toString("hex") });
    at += 12 + length;
  }
  return found;
}

describe("chart PNG encoding", () => {
  // Two pixels side by side: opaque red, then half-transparent blue.
  const pixels = Uint8Array.from([255, 0, 0, 255, 0, 0, 255, 128]);

  it("writes the signature, a 2×1 RGBA header, the scanline behind filter type 0, and the end, each with its CRC", async () => {
    const png = await encodePng(pixels, 2, 1);
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    const [header, data, end, ...rest] = chunks(png);
    expect(rest).toEqual([]);
    expect(header).toEqual({ type: "IHDR", data: Buffer.from("00000002000000010806000000", "hex"), crc: "f4227f8a" });
    expect(data!.type).toBe("IDAT");
    expect([...inflateSync(data!.data)]).toEqual([0, 255, 0, 0, 255, 0, 0, 255, 128]);
    expect(end).toEqual({ type: "IEND", data: Buffer.alloc(0), crc: "ae426082" });
  });

  it("is read back pixel for pixel by another decoder", async () => {
    const png = await encodePng(Uint8Array.from([10, 20, 30, 255, 40, 50, 60, 255, 70, 80, 90, 255, 100, 110, 120, 255]), 2, 2);
    // resvg decodes an embedded PNG; drawn at its own size on nothing, its pixels come back as they were.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="2" height="2"><image width="2" height="2" image-rendering="pixelated" xlink:href="data:image/png;base64,${png.toString("base64")}"/></svg>`;
    expect([...new Resvg(svg).render().pixels]).toEqual([10, 20, 30, 255, 40, 50, 60, 255, 70, 80, 90, 255, 100, 110, 120, 255]);
  });

  it("refuses pixels that do not fill the size", async () => {
    await expect(encodePng(pixels, 3, 1)).rejects.toThrow("expected 12 bytes for 3×1 RGBA, got 8");
  });
});
