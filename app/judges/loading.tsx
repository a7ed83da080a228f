// Shown while the judge comparison's numbers are computed on the server.
import { ViewLoading } from "@/components/ViewPreamble";

export default function JudgesLoading() {
  return <ViewLoading testId="judges-loading" titleWidth="w-64" message="Comparing the score sources…" />;
}
