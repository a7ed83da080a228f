"use client";
// Download buttons for a chart: the <svg> Recharts drew inside the element `targetId`, as SVG,
// or rasterised to PNG at twice the screen size (paper-ready). Runs in the browser only.
import { useState } from "react";

function chartSvg(targetId: string): SVGSVGElement | null {
  // Recharts renders its surface as svg.recharts-surface; legends may add small svgs, so take the largest.
  const svgs = Array.from(document.getElementById(targetId)?.querySelectorAll("svg") ?? []);
  return svgs.sort((a, b) => b.clientWidth * b.clientHeight - a.clientWidth * a.clientHeight)[0] ?? null;
}

const CAPTION_LINE_HEIGHT = 15;

/** Splits a caption into lines of at most about `perLine` characters, at spaces. */
function captionLines(caption: string, perLine: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of caption.split(/\s+/)) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A standalone SVG document: explicit size, white background, text styles inlined, and the caption
 * (how the numbers were computed) written under the chart, so an exported figure carries its method.
 */
function serializeSvg(svg: SVGSVGElement, caption?: string): { text: string; width: number; height: number } {
  const width = svg.clientWidth || Number(svg.getAttribute("width")) || 800;
  const chartHeight = svg.clientHeight || Number(svg.getAttribute("height")) || 400;
  // about 6.2 px per character at 11 px system-ui
  const lines = caption ? captionLines(caption, Math.max(40, Math.floor((width - 16) / 6.2))) : [];
  const height = chartHeight + (lines.length > 0 ? lines.length * CAPTION_LINE_HEIGHT + 10 : 0);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  clone.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const background = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  background.setAttribute("width", "100%");
  background.setAttribute("height", "100%");
  background.setAttribute("fill", "white");
  clone.insertBefore(background, clone.firstChild);
  const style = document.createElementNS("http://www.w3.org/2000/svg", "style");
  // The export is always drawn on white, so marks filled with the page background (hollow markers)
  // get white too, whatever colour scheme the page was in.
  style.textContent = "svg { --chart-surface: #ffffff; } text { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; font-size: 12px; fill: #27272a; }";
  clone.insertBefore(style, clone.firstChild);
  lines.forEach((line, index) => {
    const text = document.createElementNS("http://www.w3.org/2000/svg", "text");
    text.setAttribute("x", "8");
    text.setAttribute("y", String(chartHeight + 4 + (index + 1) * CAPTION_LINE_HEIGHT - 3));
    text.setAttribute("style", "font-size: 11px; fill: #3f3f46");
    text.setAttribute("data-caption", "method");
    text.textContent = line;
    clone.appendChild(text);
  });
  return { text: new XMLSerializer().serializeToString(clone), width, height };
}

function download(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
  try {
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error("could not rasterise the chart"));
      image.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = width * scale;
    canvas.height = height * scale;
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no 2D canvas");
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG encoding failed"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export default function ChartExport({
  targetId,
  fileName,
  caption,
}: {
  targetId: string;
  fileName: string;
  /** written under the exported image: the method and scope behind the numbers */
  caption?: string;
}) {
  const [error, setError] = useState<string | null>(null);

  async function exportAs(format: "svg" | "png") {
    setError(null);
    const svg = chartSvg(targetId);
    if (!svg) return setError("No chart to export.");
    const { text, width, height } = serializeSvg(svg, caption);
    try {
      if (format === "svg") download(new Blob([text], { type: "image/svg+xml" }), `${fileName}.svg`);
      else download(await svgToPng(text, width, height), `${fileName}.png`);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  const buttonClass =
    "rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";
  return (
    <span className="inline-flex items-center gap-1" data-testid="chart-export">
      <button type="button" className={buttonClass} onClick={() => exportAs("png")}>
        PNG
      </button>
      <button type="button" className={buttonClass} onClick={() => exportAs("svg")}>
        SVG
      </button>
      {error && <span className="text-xs text-red-600">{error}</span>}
    </span>
  );
}
