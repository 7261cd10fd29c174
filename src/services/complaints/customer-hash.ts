import { createHmac, hkdfSync } from "node:crypto";

/**
 * The customer reference is stored only as a keyed hash: HMAC-SHA256 under a key derived
 * (HKDF-SHA256, info "customer-reference") from COMPLAINTS_WEBHOOK_SECRET. The same
 * reference gives the same hash while the secret stays the same, so repeats can be found;
 * rotating the secret changes every hash, and repeats across the change no longer link.
 */
export function customerHasher(secret: string): (reference: string) => string {
  const key = Buffer.from(hkdfSync("sha256", secret, "", "customer-reference", 32));
  return (reference) => createHmac("sha256", key).update(reference.trim(), "utf8").digest("hex");
}
