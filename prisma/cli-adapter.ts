// Works around two faults of @prisma/adapter-pg when Prisma's schema engine runs through it
// (see ../shared/notes/stack.md). CLI-only: the app's runtime path never imports this.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

// The schema engine reads catalog columns of type `name` (oid 19) and `"char"` (oid 18), which
// adapter-pg cannot decode; report them as text (oid 25).
function retypeCatalogColumns<T>(result: T): T {
  const fields = (result as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
  for (const field of fields ?? []) {
    if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
  }
  return result;
}

class RetypingClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as any)(...args);
    if (result && typeof result.then === "function") return result.then(retypeCatalogColumns);
    return result;
  }
}

function retypingPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ ...config, Client: RetypingClient });
  const originalQuery = pool.query.bind(pool);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (pool as any).query = (...args: any[]) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (originalQuery as any)(...args);
    if (result && typeof result.then === "function") return result.then(retypeCatalogColumns);
    return result;
  };
  return pool;
}

function discreteConfig(connectionString: string, database?: string): pg.PoolConfig {
  const url = new URL(connectionString);
  return {
    // ?host=/folder: a Unix socket (the embedded database's URL, lib/db/embedded.ts)
    host: url.searchParams.get("host") ?? url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || "postgres"),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: database ?? (url.pathname.replace(/^\//, "") || "postgres"),
  };
}

export function cliAdapterFactory(connectionString: string): PrismaPg {
  const config = discreteConfig(connectionString);
  const factory = new PrismaPg(retypingPool(config));
  // adapter-pg's shadow database used the main database and dropped it while still connected:
  // create a real one with a plain client, and drop it only after its pool has ended.
  factory.connectToShadowDb = async () => {
    const shadowName = `prisma_shadow_${Date.now()}`;
    const admin = new pg.Client({ ...config, database: "postgres" });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${shadowName}"`);
    await admin.end();
    const shadowPool = retypingPool({ ...config, database: shadowName });
    const adapter = await new PrismaPg(shadowPool).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await shadowPool.end().catch(() => undefined);
      const dropper = new pg.Client({ ...config, database: "postgres" });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
      await dropper.end();
    };
    return adapter;
  };
  return factory;
}
