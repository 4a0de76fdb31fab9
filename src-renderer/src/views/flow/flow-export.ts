/**
 * The flow diagram as a file for slides: a standalone SVG (the theme's
 * colours written into it, since the page's CSS variables do not travel
 * with the file) or a PNG drawn from that SVG at twice the size.
 */

/** Presentation properties copied from the live drawing into the file. */
const PAINT = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-linejoin', 'paint-order', 'opacity', 'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline'] as const

/** A standalone SVG document of `svg` at scale 1, with the computed paint of every element inlined. */
export function svgFileText(svg: SVGSVGElement, width: number, height: number, background: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement
  const live = [svg, ...svg.querySelectorAll('*')]
  const copied = [copy, ...copy.querySelectorAll('*')]
  live.forEach((el, i) => {
    const target = copied[i]
    if (!target || typeof getComputedStyle !== 'function') return
    const style = getComputedStyle(el)
    for (const p of PAINT) {
      const v = style.getPropertyValue(p)
      if (v) target.setAttribute(p, v)
    }
    target.removeAttribute('class')
    target.removeAttribute('tabindex')
    target.removeAttribute('data-testid')
  })
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  copy.setAttribute('width', String(Math.ceil(width)))
  copy.setAttribute('height', String(Math.ceil(height)))
  copy.setAttribute('viewBox', `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`)
  copy.removeAttribute('style')
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect')
  bg.setAttribute('width', '100%')
  bg.setAttribute('height', '100%')
  bg.setAttribute('fill', background)
  copy.insertBefore(bg, copy.firstChild)
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`
}

/** The SVG text drawn on a canvas at `scale` and encoded as PNG. */
export async function pngOfSvg(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  // A data: URL, not a blob: one: the pages' Content Security Policy allows images from data: only.
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`
  const img = new Image()
  await new Promise<void>((resolve, reject) => {
    img.onload = () => resolve()
    img.onerror = () => reject(new Error('the diagram could not be drawn as an image'))
    img.src = url
  })
  const canvas = document.createElement('canvas')
  canvas.width = Math.ceil(width * scale)
  canvas.height = Math.ceil(height * scale)
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('no 2D canvas to draw the PNG on')
  ctx.scale(scale, scale)
  ctx.drawImage(img, 0, 0)
  return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))), 'image/png'))
}
