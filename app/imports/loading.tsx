export default function Loading() {
  return (
    <p className="text-sm text-zinc-600 dark:text-zinc-300" role="status" data-testid="loading">
      Loading imports…
    </p>
  );
}
