// Types for rendered-comment.mjs (plain ESM, so node runs it without a build step).
export function renderGfm(markdown: string): string;
export function githubExtras(html: string): string;
export function decodeEntities(s: string): string;
export function visibleText(html: string, options?: { withCode?: boolean }): string;
export function normalizeText(s: string): string;
export function checkDetails(html: string): string[];
export function tableCells(line: string): string[];
export interface SourceTable {
  line: number;
  header: number;
  delimiter: number;
  rows: Array<{ line: number; cells: number }>;
}
export function sourceTables(markdown: string): SourceTable[];
export function htmlTables(html: string): Array<{ header: number; rows: number[] }>;
export function checkTables(markdown: string, html: string): string[];
export function checkRenderedComment(
  markdown: string,
  html: string,
  options?: { expected?: string[]; mayShow?: string[]; links?: string[] },
): string[];
