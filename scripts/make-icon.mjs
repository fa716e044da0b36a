// Draws resources/icon.png (a green rounded square with a white speech bubble) with node:zlib only,
// so the icon can be regenerated without an image editor or an image package.
// Run: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { crc32, deflateSync } from 'node:zlib'

const GREEN = [0x1f, 0xa8, 0x55]
const WHITE = [0xff, 0xff, 0xff]
/** Samples per pixel edge: 4×4 supersampling smooths the curves. */
const SS = 4

/** @param {number} x @param {number} y @param {number} cx @param {number} cy @param {number} hw @param {number} hh @param {number} r */
function inRoundedRect(x, y, cx, cy, hw, hh, r) {
  const dx = Math.max(Math.abs(x - cx) - (hw - r), 0)
  const dy = Math.max(Math.abs(y - cy) - (hh - r), 0)
  return dx * dx + dy * dy <= r * r
}

/** @param {number} x @param {number} y @param {number} cx @param {number} cy @param {number} rx @param {number} ry */
const inEllipse = (x, y, cx, cy, rx, ry) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1

/** @param {number} px @param {number} py @param {number[][]} triangle */
function inTriangle(px, py, [[ax, ay], [bx, by], [cx, cy]]) {
  const side = (x1, y1, x2, y2) => (px - x2) * (y1 - y2) - (x1 - x2) * (py - y2)
  const d1 = side(ax, ay, bx, by)
  const d2 = side(bx, by, cx, cy)
  const d3 = side(cx, cy, ax, ay)
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0))
}

/**
 * What colour a point of the 512-unit design is, or null outside the icon.
 * @param {number} x @param {number} y
 * @returns {number[] | null}
 */
function paint(x, y) {
  if (!inRoundedRect(x, y, 256, 256, 224, 224, 100)) return null
  const dots = [196, 256, 316].some((cx) => (x - cx) ** 2 + (y - 236) ** 2 <= 22 * 22)
  if (dots) return GREEN
  const bubble =
    inEllipse(x, y, 256, 236, 152, 118) ||
    inTriangle(x, y, [
      [168, 318],
      [236, 350],
      [138, 398],
    ])
  return bubble ? WHITE : GREEN
}

/**
 * @param {number} size edge in pixels
 * @returns {Uint8Array} straight RGBA; edge pixels get alpha in proportion to coverage
 */
export function renderIcon(size) {
  const rgba = new Uint8Array(size * size * 4)
  const scale = 512 / size
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0
      let g = 0
      let b = 0
      let covered = 0
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const colour = paint((px + (sx + 0.5) / SS) * scale, (py + (sy + 0.5) / SS) * scale)
          if (!colour) continue
          covered++
          r += colour[0]
          g += colour[1]
          b += colour[2]
        }
      }
      const i = (py * size + px) * 4
      if (covered === 0) continue
      rgba[i] = Math.round(r / covered)
      rgba[i + 1] = Math.round(g / covered)
      rgba[i + 2] = Math.round(b / covered)
      rgba[i + 3] = Math.round((255 * covered) / (SS * SS))
    }
  }
  return rgba
}

/** @param {string} type @param {Uint8Array} data */
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/**
 * Encodes 8-bit RGBA as a PNG (filter 0 on every row; zlib does the work).
 * @param {number} width @param {number} height @param {Uint8Array} rgba
 */
export function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // colour type: RGBA
  const rows = Buffer.alloc((width * 4 + 1) * height)
  for (let y = 0; y < height; y++) {
    rows.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ])
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('../resources/icon.png', import.meta.url))
  writeFileSync(out, encodePng(512, 512, renderIcon(512)))
  console.log(`wrote ${out}`)
}
