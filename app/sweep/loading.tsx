// Shown while the sweep's numbers are computed on the server.
import { ViewLoading } from "@/components/ViewPreamble";

export default function SweepLoading() {
  return <ViewLoading testId="sweep-loading" titleWidth="w-40" message="Computing the sweep…" />;
}
