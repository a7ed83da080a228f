// Columns of the sweep view's CSV export (GET /api/sweep/csv): one row per point of the chart (a
// line and a value of the x attribute), the numbers first, then what was plotted and how, so a
// downloaded file is self-describing. The header is a stable contract for scripts: columns are only
// ever added at the end.
import type { CsvColumn } from "./csv";
import { METHOD_CSV_HEADER, methodCsvColumns, ratesFileName } from "./rates";
import { sweepYParam } from "@/lib/params/sweep";
import type { SweepLine, SweepPoint, SweepResponse } from "@/lib/sweep/types";

export const SWEEP_CSV_HEADER = `line,line_label,x,value,ci_low,ci_high,models,answers,model_names,set,by,x_attribute,y,metric_above,${METHOD_CSV_HEADER}`;

export interface SweepCsvRow {
  line: SweepLine;
  point: SweepPoint;
}

/** The chart's points, line by line in the chart's order, x ascending within a line. */
export function sweepCsvRows(sweep: SweepResponse): SweepCsvRow[] {
  return sweep.lines.flatMap((line) => line.points.map((point) => ({ line, point })));
}

export function sweepCsvColumns(sweep: SweepResponse): CsvColumn<SweepCsvRow>[] {
  return [
    // the line's key: a group name, or a base model with by=base
    { header: "line", value: (row) => row.line.key },
    { header: "line_label", value: (row) => row.line.label },
    { header: "x", value: (row) => row.point.x },
    // a rate 0..1 (misaligned, metric share) or a mean score 0..100 (coherence, alignment): the y column says which
    { header: "value", value: (row) => row.point.value },
    { header: "ci_low", value: (row) => row.point.ciLow },
    { header: "ci_high", value: (row) => row.point.ciHigh },
    { header: "models", value: (row) => row.point.models.length },
    { header: "answers", value: (row) => row.point.answers },
    { header: "model_names", value: (row) => row.point.models.map((model) => model.model).join("; ") },
    { header: "set", value: () => sweep.set },
    { header: "by", value: () => sweep.by },
    { header: "x_attribute", value: () => sweep.x },
    { header: "y", value: () => sweepYParam(sweep.y) },
    { header: "metric_above", value: () => (sweep.y.kind === "metric" ? sweep.y.above : null) },
    ...methodCsvColumns<SweepCsvRow>(sweep, (row) => row.point.intervalMethod),
  ];
}

/** sweep_<set>_<x>_<y>_by-<by>_<preset>_base-<base model>_a30_c50_min5_bootstrap.csv */
export function sweepFileName(sweep: SweepResponse): string {
  return ratesFileName("sweep", `${sweep.set}_${sweep.x}_${sweepYParam(sweep.y)}_by-${sweep.by}`, sweep);
}
