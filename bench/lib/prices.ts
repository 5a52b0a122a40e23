/**
 * AWS list prices used for the cost section: eu-west-2 (London), on-demand, arm64 Lambda, no free
 * tiers, no savings plans. Written down here so the report says exactly what it assumed; check the
 * AWS pricing pages and update this file before relying on the totals (this machine has no access
 * to the internet, so the bench cannot fetch them).
 */

/** When these figures were taken from the AWS pricing pages. */
export const PRICES_AS_OF = 'early 2025 (after the November 2024 DynamoDB on-demand price cut)';

export interface Price {
  readonly usd: number;
  /** What the price is for, e.g. "per million write request units". */
  readonly per: string;
  /** How many units `usd` buys. */
  readonly units: number;
}

export const PRICES = {
  dynamoWrite: { usd: 0.7423, per: 'per million write request units (WRU)', units: 1e6 },
  dynamoRead: { usd: 0.1485, per: 'per million read request units (RRU)', units: 1e6 },
  sqsRequest: { usd: 0.4, per: 'per million requests (standard queue, 64 KB chunks)', units: 1e6 },
  sesSend: { usd: 0.1, per: 'per 1,000 emails sent', units: 1000 },
  sesReceive: { usd: 0.1, per: 'per 1,000 emails received', units: 1000 },
  sesReceiveChunk: { usd: 0.09, per: 'per 1,000 incoming 256 KB chunks', units: 1000 },
  s3Put: { usd: 0.0053, per: 'per 1,000 PUT, COPY, POST, LIST requests (S3 Standard)', units: 1000 },
  s3Get: { usd: 0.00042, per: 'per 1,000 GET, HEAD and other requests (S3 Standard)', units: 1000 },
  lambdaGbSecond: { usd: 0.0000133334, per: 'per GB-second (arm64)', units: 1 },
  lambdaRequest: { usd: 0.2, per: 'per million requests', units: 1e6 },
  xrayTrace: {
    usd: 5,
    per: 'per million traces recorded (X-Ray; the first 100,000 a month are free, ignored here)',
    units: 1e6,
  },
  logsIngestGb: {
    usd: 0.57,
    per: "per GB of CloudWatch Logs ingested (standard class; London's price is a little above us-east-1's $0.50)",
    units: 1,
  },
  httpApiRequest: {
    usd: 1.0,
    per: "per million HTTP API requests (us-east-1's price; London's is close)",
    units: 1e6,
  },
} as const satisfies Record<string, Price>;

export type PriceName = keyof typeof PRICES;

/** Cost in USD of `quantity` units at a price. */
export function costOf(name: PriceName, quantity: number): number {
  const price = PRICES[name];
  return (quantity / price.units) * price.usd;
}
