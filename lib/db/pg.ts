// A short-lived plain pg connection for one piece of work (admin statements, bulk loads) that
// should not go through Prisma's pool.
import pg from "pg";

export async function withPgClient<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
