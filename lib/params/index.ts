// URL-parameter schemas, one file per view; common building blocks in common.ts.
export * from "./common";
export * from "./figure";
export * from "./method";
