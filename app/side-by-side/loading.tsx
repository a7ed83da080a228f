// Shown while the side-by-side view's pairs are computed on the server.
import { ViewLoading } from "@/components/ViewPreamble";

export default function SideBySideLoading() {
  return <ViewLoading testId="side-by-side-loading" titleWidth="w-64" message="Pairing the answers…" />;
}
