/**
 * Draws the two icons the Teams app package needs and writes them next to the manifest:
 *   manifests/teams/color.png    192x192, full colour: a white speech bubble with a coral heart
 *                                on the app's accent colour (the manifest's accentColor)
 *   manifests/teams/outline.png  32x32, white on transparent: the same bubble as an outline
 *
 * Pure Node: shapes are signed-distance / implicit functions, sampled 8x8 per pixel for
 * anti-aliasing, and the PNG is assembled by hand (signature, IHDR, IDAT via zlib, IEND).
 * The output is deterministic, so re-running the script leaves the committed files unchanged.
 *
 *   npx tsx scripts/make-teams-icons.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";

type Rgb = readonly [number, number, number];

const ACCENT: Rgb = [0x0e, 0x7c, 0x86]; // keep equal to accentColor in manifests/teams/manifest.json
const WHITE: Rgb = [0xff, 0xff, 0xff];
const CORAL: Rgb = [0xf0, 0x55, 0x5a];
const SUPERSAMPLING = 8;

// ---------------------------------------------------------------------------------------------
// PNG encoding

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes 8-bit RGBA pixels (row-major, 4 bytes per pixel) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error("pixel buffer has the wrong size");
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None for every scanline
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Shapes, in units of the icon's side (0..1, y pointing down). Negative distance = inside.

type Point = readonly [number, number];

function sdRoundRect(x: number, y: number, box: { x0: number; y0: number; x1: number; y1: number; r: number }): number {
  const cx = (box.x0 + box.x1) / 2;
  const cy = (box.y0 + box.y1) / 2;
  const qx = Math.abs(x - cx) - (box.x1 - box.x0) / 2 + box.r;
  const qy = Math.abs(y - cy) - (box.y1 - box.y0) / 2 + box.r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - box.r;
}

/** Signed distance to a simple polygon (exact outside, exact inside). */
function sdPolygon(x: number, y: number, points: readonly Point[]): number {
  let d = Infinity;
  let sign = 1;
  for (let i = 0, j = points.length - 1; i < points.length; j = i, i++) {
    const [xi, yi] = points[i]!;
    const [xj, yj] = points[j]!;
    const ex = xj - xi;
    const ey = yj - yi;
    const wx = x - xi;
    const wy = y - yi;
    const t = Math.min(Math.max((wx * ex + wy * ey) / (ex * ex + ey * ey), 0), 1);
    d = Math.min(d, Math.hypot(wx - ex * t, wy - ey * t));
    const c1 = y >= yi;
    const c2 = y < yj;
    const c3 = ex * wy > ey * wx;
    if ((c1 && c2 && c3) || (!c1 && !c2 && !c3)) sign = -sign;
  }
  return sign * d;
}

/** The classic implicit heart (x²+y²-1)³ - x²y³ <= 0, centred on (cx, cy), about 2.3*size wide. */
function insideHeart(x: number, y: number, cx: number, cy: number, size: number): boolean {
  const hx = (x - cx) / size;
  const hy = -(y - cy) / size + 0.1; // flip to y-up and centre the heart's visual mass
  const a = hx * hx + hy * hy - 1;
  return a * a * a - hx * hx * hy * hy * hy <= 0;
}

interface Bubble {
  body: { x0: number; y0: number; x1: number; y1: number; r: number };
  tail: readonly Point[];
}

function sdBubble(x: number, y: number, bubble: Bubble): number {
  return Math.min(sdRoundRect(x, y, bubble.body), sdPolygon(x, y, bubble.tail));
}

// ---------------------------------------------------------------------------------------------
// Rasterising

/** Renders by asking `shade` for the colour (with alpha 0..1) at each sub-sample and averaging. */
function render(size: number, shade: (x: number, y: number) => readonly [number, number, number, number]): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const n = SUPERSAMPLING;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [cr, cg, cb, ca] = shade((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          r += cr * ca; // premultiplied, so transparent samples do not darken the edges
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      out[i] = a > 0 ? Math.round(r / a) : 0;
      out[i + 1] = a > 0 ? Math.round(g / a) : 0;
      out[i + 2] = a > 0 ? Math.round(b / a) : 0;
      out[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return out;
}

/** 192x192 full-colour icon: white bubble and coral heart on the accent colour. */
export function makeColorIcon(): Buffer {
  const size = 192;
  const bubble: Bubble = {
    body: { x0: 0.2, y0: 0.22, x1: 0.8, y1: 0.68, r: 0.11 },
    tail: [
      [0.3, 0.6],
      [0.46, 0.6],
      [0.27, 0.8],
    ],
  };
  const pixels = render(size, (x, y) => {
    if (insideHeart(x, y, 0.5, 0.445, 0.125)) return [...CORAL, 1];
    if (sdBubble(x, y, bubble) <= 0) return [...WHITE, 1];
    return [...ACCENT, 1];
  });
  return encodePng(size, size, pixels);
}

/** 32x32 outline icon: only white pixels, on a transparent background, as Teams requires. */
export function makeOutlineIcon(): Buffer {
  const size = 32;
  const stroke = 2 / size; // two pixels wide
  const bubble: Bubble = {
    // Straight edges on pixel boundaries keep the 2-pixel stroke crisp.
    body: { x0: 3 / size, y0: 4 / size, x1: 29 / size, y1: 23 / size, r: 5 / size },
    tail: [
      [8 / size, 21 / size],
      [15 / size, 21 / size],
      [6.5 / size, 29.5 / size],
    ],
  };
  const pixels = render(size, (x, y) => {
    const d = sdBubble(x, y, bubble);
    // The stroke straddles the inside of the outline, so the icon never touches the edges.
    const onStroke = d <= 0 && d >= -stroke;
    const inHeart = insideHeart(x, y, 0.5, 13.5 / size, 0.15);
    return [...WHITE, onStroke || inHeart ? 1 : 0];
  });
  // Fully transparent pixels are white too, so that every pixel is "white or transparent".
  for (let i = 0; i < pixels.length; i += 4) pixels[i] = pixels[i + 1] = pixels[i + 2] = 255;
  return encodePng(size, size, pixels);
}

function main(): void {
  const dir = join(__dirname, "..", "manifests", "teams");
  writeFileSync(join(dir, "color.png"), makeColorIcon());
  writeFileSync(join(dir, "outline.png"), makeOutlineIcon());
  console.log(`wrote ${join(dir, "color.png")} and ${join(dir, "outline.png")}`);
}

if (require.main === module) main();
