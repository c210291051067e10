/** Usage figures as metrics-server writes them: CPU in nanocores ("1234n"), memory in KiB ("2048Ki"). */

/** cpuQuantity formats nanocores. */
export function cpuQuantity(nanoCores: number): string {
  return `${Math.max(0, Math.round(nanoCores))}n`;
}

/** memoryQuantity formats bytes (KiB when whole, as resource.Quantity's BinarySI does). */
export function memoryQuantity(bytes: number): string {
  const b = Math.max(0, Math.round(bytes));
  return b % 1024 === 0 ? `${b / 1024}Ki` : `${b}`;
}
