// The sweep chart's axes, pure: x ticks at the data's values, a log axis only when every x is
// positive, y from 0 to the highest interval end (shares up to 1, scores up to 100).
import type { SweepLine } from "./types";

export interface SweepAxes {
  xDomain: [number, number];
  xTicks: number[];
  /** the log scale drawn: asked for and possible */
  logx: boolean;
  /** asked for a log axis, but some x is 0 or negative */
  logImpossible: boolean;
  yDomain: [number, number];
}

export function sweepAxes(lines: readonly SweepLine[], askedLog: boolean, yMax: 1 | 100): SweepAxes {
  const xs = [...new Set(lines.flatMap((line) => line.points.map((point) => point.x)))].sort((a, b) => a - b);
  const logImpossible = askedLog && xs.some((x) => x <= 0);
  const logx = askedLog && !logImpossible && xs.length > 0;
  const low = xs[0] ?? 0;
  const high = xs[xs.length - 1] ?? 1;
  let xDomain: [number, number];
  if (logx) {
    // a quarter of a decade of room on each side, so the end points are not on the frame
    xDomain = [low / 10 ** 0.25, high * 10 ** 0.25];
  } else {
    const pad = high > low ? (high - low) * 0.05 : Math.max(Math.abs(low) * 0.1, 1);
    xDomain = [low - pad, high + pad];
  }
  const top = Math.max(0, ...lines.flatMap((line) => line.points.map((point) => point.ciHigh ?? point.value)));
  // shares: the next 5% above the highest end (at most 100%); scores: the whole 0-100 scale
  const yDomain: [number, number] = yMax === 100 ? [0, 100] : [0, Math.min(1, Math.max(0.05, Math.ceil((top + 0.005) * 20) / 20))];
  return { xDomain, xTicks: xs, logx, logImpossible, yDomain };
}
