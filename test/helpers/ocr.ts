import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/*
 * Reading a picture back with Debian's tesseract (`tesseract-ocr`, `tesseract-ocr-heb`,
 * installed by .ci/run). A missing tesseract is an error, never a skip: a chart whose words
 * come out in the wrong order looks fine in its SVG string, only the pixels show it.
 */

export interface OcrWord {
  text: string;
  left: number;
  top: number;
  width: number;
}

async function tesseract(png: Buffer, output: "txt" | "tsv"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "ocr-"));
  try {
    const file = join(dir, "image.png");
    await writeFile(file, png);
    return await new Promise<string>((resolve, reject) => {
      const args = [file, "-", "-l", "heb+eng", ...(output === "tsv" ? ["tsv"] : [])];
      // One thread: tesseract's own parallelism only competes with jest's workers.
      const env = { ...process.env, OMP_THREAD_LIMIT: "1" };
      execFile("tesseract", args, { encoding: "utf8", timeout: 60_000, env }, (error, stdout, stderr) => {
        // With one language's data missing, tesseract carries on with the other and reads Hebrew as noise.
        const failed = error?.message ?? /Failed loading language '\w+'/.exec(stderr)?.[0];
        if (failed) reject(new Error(`tesseract: ${failed}; install tesseract-ocr and tesseract-ocr-heb\n${stderr}`));
        else resolve(stdout);
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Tesseract adds left-to-right and right-to-left marks around runs; they are not on the page.
const MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text tesseract reads, marks removed and each run of whitespace made one space. */
export async function ocrText(png: Buffer): Promise<string> {
  return (await tesseract(png, "txt")).replace(MARKS, "").replace(/\s+/g, " ").trim();
}

/** Every word tesseract finds, with its box in pixels. */
export async function ocrWords(png: Buffer): Promise<OcrWord[]> {
  const rows = (await tesseract(png, "tsv")).split("\n").slice(1);
  const words: OcrWord[] = [];
  for (const row of rows) {
    const cells = row.split("\t");
    // Level 5 is a word; its text is the 12th column.
    const text = (cells[11] ?? "").replace(MARKS, "").trim();
    if (cells[0] !== "5" || text === "") continue;
    words.push({ text, left: Number(cells[6]), top: Number(cells[7]), width: Number(cells[8]) });
  }
  return words;
}
