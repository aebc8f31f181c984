// The QR as an SVG of one square per dark module: crisp at any size, black on white, with the
// four-module quiet zone a scanner needs. Built with the DOM (no inline markup: the CSP is strict).
import QRCode from 'qrcode';

const SVG = 'http://www.w3.org/2000/svg';
const QUIET = 4;

export function qrSvg(text: string, label: string): SVGSVGElement {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size + 2 * QUIET;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('data-modules', String(modules.size));
  svg.setAttribute('data-quiet', String(QUIET));
  const paper = document.createElementNS(SVG, 'rect');
  for (const [k, v] of Object.entries({ width: size, height: size, fill: '#ffffff' })) paper.setAttribute(k, String(v));
  svg.appendChild(paper);
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) {
      if (!modules.get(y, x)) continue;
      const dot = document.createElementNS(SVG, 'rect');
      for (const [k, v] of Object.entries({ x: x + QUIET, y: y + QUIET, width: 1, height: 1, fill: '#000000' })) dot.setAttribute(k, String(v));
      dot.setAttribute('class', 'dark');
      svg.appendChild(dot);
    }
  }
  return svg;
}
