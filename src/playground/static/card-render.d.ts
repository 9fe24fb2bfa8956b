/** Types for card-render.js (a plain ES module served to the browser as it is); see playground-contract.md. */
export interface RenderPerson { openId: string; name: string; unitPath?: string }
export interface RenderOptions { lang?: 'zh' | 'en'; messageId?: string; people?: RenderPerson[] }
export interface Toast { type?: string; content?: string; i18n?: { zh_cn?: string; en_us?: string } }
export function renderCard(card: unknown, opts?: RenderOptions): string;
export function renderToast(toast: Toast | null | undefined, lang?: 'zh' | 'en'): string;
