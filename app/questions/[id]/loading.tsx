import PageLoading from "@/components/models/PageLoading";

export default function Loading() {
  return <PageLoading what="the question" />;
}
