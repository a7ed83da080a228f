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

/** What an exported figure says about itself (drawn into the image, and the SVG's <title>/<desc>). */
export interface ExportDescription {
  /** the figure's title, drawn at the top */
  title: string;
  /** how the numbers were computed: set, scope, thresholds, method, n — drawn under the chart */
  caption?: string;
  /** legend entries drawn under the title, for charts whose legend is HTML beside the SVG */
  legend?: { label: string; color?: string; hollow?: boolean }[];
}

const SVG_NS = "http://www.w3.org/2000/svg";
const TITLE_HEIGHT = 24;
const LEGEND_HEIGHT = 20;

function svgElement<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * A standalone SVG document that describes itself: a title at the top, the legend when the page
 * shows it outside the SVG, the chart, then the caption (set, scope, method, n), the view's URL and
 * the export date. The chart's viewBox grows to everything it drew, so labels that overflowed
 * the plot on screen ("enough_of_my_husband" on the compare y axis) are not cut off. The root is
 * role="img" with a real <title> and <desc> (Recharts' role="application" and empty title go).
 */
export function serializeSvg(svg: SVGSVGElement, description: ExportDescription): { text: string; width: number; height: number } {
  const shownWidth = svg.clientWidth || Number(svg.getAttribute("width")) || 800;
  const shownHeight = svg.clientHeight || Number(svg.getAttribute("height")) || 400;
  // everything the chart drew, also outside its own box
  let box = { x: 0, y: 0, width: shownWidth, height: shownHeight };
  try {
    const drawn = svg.getBBox();
    const left = Math.min(0, Math.floor(drawn.x));
    const top = Math.min(0, Math.floor(drawn.y));
    const right = Math.max(shownWidth, Math.ceil(drawn.x + drawn.width));
    const bottom = Math.max(shownHeight, Math.ceil(drawn.y + drawn.height));
    box = { x: left, y: top, width: right - left, height: bottom - top };
  } catch {
    // not rendered (no layout): keep the shown size
  }
  const width = Math.max(box.width, 360);
  const source = `${window.location.href} · exported ${new Date().toISOString().slice(0, 10)}`;
  // about 6.2 px per character at 11 px system-ui
  const perLine = Math.max(40, Math.floor((width - 16) / 6.2));
  const lines = [
    ...(description.caption ? captionLines(description.caption, perLine) : []).map((text) => ({ text, kind: "method" })),
    ...captionLines(source, perLine).map((text) => ({ text, kind: "source" })),
  ];
  const legendHeight = description.legend?.length ? LEGEND_HEIGHT : 0;
  const chartTop = TITLE_HEIGHT + legendHeight;
  const height = chartTop + box.height + lines.length * CAPTION_LINE_HEIGHT + 10;

  const root = svgElement("svg", {
    xmlns: SVG_NS,
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-labelledby": "export-title export-desc",
  });
  root.appendChild(svgElement("title", { id: "export-title" }, description.title));
  root.appendChild(svgElement("desc", { id: "export-desc" }, [description.caption, source].filter(Boolean).join(" · ")));
  // The export is always drawn on white, so marks filled with the page background (hollow markers)
  // get white too, whatever colour scheme the page was in.
  root.appendChild(
    svgElement(
      "style",
      {},
      "svg { --chart-surface: #ffffff; color: #27272a; } text { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; font-size: 12px; fill: #27272a; }",
    ),
  );
  root.appendChild(svgElement("rect", { width: "100%", height: "100%", fill: "white" }));
  root.appendChild(
    svgElement("text", { x: 8, y: 17, style: "font-size: 14px; font-weight: 600", "data-caption": "title" }, description.title),
  );
  if (description.legend?.length) {
    let x = 8;
    const legend = svgElement("g", { "data-caption": "legend" });
    for (const entry of description.legend) {
      legend.appendChild(
        svgElement("circle", {
          cx: x + 5,
          cy: TITLE_HEIGHT + 8,
          r: 4.5,
          fill: entry.hollow ? "white" : (entry.color ?? "#27272a"),
          stroke: entry.color ?? "#27272a",
          "stroke-width": 1.5,
        }),
      );
      legend.appendChild(svgElement("text", { x: x + 14, y: TITLE_HEIGHT + 12, style: "font-size: 11px" }, entry.label));
      x += 14 + entry.label.length * 6.2 + 14;
    }
    root.appendChild(legend);
  }

  const chart = svg.cloneNode(true) as SVGSVGElement;
  chart.removeAttribute("role");
  for (const title of Array.from(chart.querySelectorAll("title"))) if (!title.textContent?.trim()) title.remove();
  chart.setAttribute("x", "0");
  chart.setAttribute("y", String(chartTop));
  chart.setAttribute("width", String(box.width));
  chart.setAttribute("height", String(box.height));
  chart.setAttribute("viewBox", `${box.x} ${box.y} ${box.width} ${box.height}`);
  chart.setAttribute("overflow", "visible");
  chart.removeAttribute("style");
  root.appendChild(chart);

  lines.forEach((line, index) => {
    const y = chartTop + box.height + 4 + (index + 1) * CAPTION_LINE_HEIGHT - 3;
    root.appendChild(svgElement("text", { x: 8, y, style: "font-size: 11px; fill: #3f3f46", "data-caption": line.kind }, line.text));
  });
  return { text: new XMLSerializer().serializeToString(root), width, height };
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
  title,
  caption,
  legend,
}: {
  targetId: string;
  fileName: string;
} & ExportDescription) {
  const [error, setError] = useState<string | null>(null);

  async function exportAs(format: "svg" | "png") {
    setError(null);
    const svg = chartSvg(targetId);
    if (!svg) return setError("No chart to export.");
    const { text, width, height } = serializeSvg(svg, { title, caption, legend });
    try {
      if (format === "svg") download(new Blob([text], { type: "image/svg+xml" }), `${fileName}.svg`);
      else download(await svgToPng(text, width, height), `${fileName}.png`);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  const buttonClass = "rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";
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
