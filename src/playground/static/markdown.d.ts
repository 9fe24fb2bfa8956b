/** Types for markdown.js (a plain ES module served to the browser as it is). */
export interface MarkdownPerson { openId: string; name: string; unitPath?: string }
export interface MarkdownOptions { lang?: 'zh' | 'en'; people?: MarkdownPerson[] }
export function renderMarkdown(src: string, opts?: MarkdownOptions): string;
export function escapeHtml(s: unknown): string;
export function safeUrl(url: unknown): string | null;
export function colourName(value: unknown): string | null;
export const COLOURS: string[];
