export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}
export function inRanges(version: string, ranges: { events: OsvEvent[] }[]): boolean;
