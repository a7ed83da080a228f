// Shown while the Compare view's numbers are computed on the server.
import { ViewLoading } from "@/components/ViewPreamble";

export default function CompareLoading() {
  return <ViewLoading testId="compare-loading" titleWidth="w-64" message="Comparing the groups…" />;
}
