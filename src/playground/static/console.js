// The playground console: speak to the bot as anyone on the roster, through the Lark emulator.
// Plain ES module, no build step. Every piece of data goes into the page as text (textContent); the only HTML
// inserted is the card renderer's output (renderCard, renderToast), which escapes everything it is given.
import { renderCard, renderToast } from './card-render.js';

const POLL_MS = 1000;
const SIDE_POLL_MS = 2000;
const ROSTER_POLL_MS = 30_000;
const DEADLINE_MS = 3000;
const MAX_REQUESTS = 200;

/** The console's own words, Chinese and English. */
const WORDS = {
  skipToChat: ['跳到对话', 'Skip to the chat'],
  note: ['不连飞书：机器人与内置的飞书模拟器对话，一切与正式环境相同', 'No Lark needed: the bot talks to the built-in Lark emulator, exactly as it would to Lark'],
  toggleSide: ['时间与检查器', 'Time & inspector'],
  speakAs: ['以谁的身份 · 选择人员', 'Speak as · pick a person'],
  searchLabel: ['搜索人员', 'Search people'],
  searchPlaceholder: ['搜索姓名、单位、角色', 'Search name, unit, role'],
  nobody: ['请先在左侧选择一个人', 'Pick a person on the left'],
  p2pTab: ['与引航单聊', 'Chat with the bot'],
  quick: ['快捷命令', 'Quick commands'],
  composerLabel: ['消息', 'Message'],
  composerP2p: ['发消息给引航（Enter 发送，Shift+Enter 换行），例如：帮助', 'Message the bot (Enter sends, Shift+Enter new line), e.g. help'],
  composerGroup: ['在群里 @引航 它才会回答，例如：@引航 帮助（Enter 发送）', 'In the group the bot answers only when @-mentioned, e.g. @引航 help (Enter sends)'],
  send: ['发送', 'Send'],
  timeTab: ['时间', 'Time'],
  requestsTab: ['请求', 'Requests'],
  outboxTab: ['发件箱', 'Outbox'],
  timeHeading: ['时间：按选定时刻运行定时任务', 'Time: run a scheduled job for a chosen moment'],
  timeHint: ['与 npm run admin -- run-job 相同：每个时刻只运行一次。时间按 {tz} 理解。', 'The same as npm run admin -- run-job: each moment runs once only. Times are {tz}.'],
  job: ['任务', 'Job'],
  jobAt: ['时刻（{tz}）', 'Time ({tz})'],
  run: ['运行', 'Run'],
  requestsHeading: ['请求：飞书 ⇄ 机器人', 'Requests: Lark ⇄ bot'],
  requestsHint: ['→ 飞书推给机器人的事件和卡片回调（签名头、解密后的内容、状态、耗时）；← 机器人调用飞书开放接口（状态、飞书错误码）。', '→ events and card callbacks Lark pushes to the bot (signed headers, decrypted body, status, time); ← the bot\'s Open API calls to Lark (status, Lark codes).'],
  requestsFilter: ['筛选', 'Filter'],
  toBot: ['飞书 → 机器人', 'Lark → bot'],
  toLark: ['机器人 → 飞书', 'bot → Lark'],
  outboxHeading: ['发件箱', 'Outbox'],
  colStatus: ['状态', 'Status'],
  colTo: ['发给', 'To'],
  colWhat: ['内容', 'What'],
  colAttempts: ['尝试', 'Tries'],
  colCode: ['飞书码 / 错误', 'Lark code / error'],
  colKey: ['去重键', 'Dedupe key'],
  cancel: ['取消', 'Cancel'],
  ok: ['确定', 'OK'],
  admin: ['管理员', 'Admin'],
  leader: ['主要领导', 'Main leader'],
  unread: ['条未读', 'unread'],
  peopleCount: ['共 {n} 人', '{n} people'],
  peopleFound: ['找到 {n} 人', '{n} found'],
  noMessages: ['还没有消息。试试发送“帮助”。', 'No messages yet. Try sending "帮助" (help).'],
  noMessagesGroup: ['群里还没有消息。发送“@引航 帮助”试试。', 'No messages in the group yet. Try "@引航 帮助".'],
  you: ['我', 'me'],
  bot: ['引航', 'Yinhang'],
  delivered: ['已送达机器人 · HTTP {status} · {ms} ms', 'Delivered to the bot · HTTP {status} · {ms} ms'],
  notDelivered: ['未送达机器人：{reason}', 'Not delivered to the bot: {reason}'],
  sending: ['发送中…', 'Sending…'],
  callbackMet: ['卡片回调 {ms} ms，在飞书 3 秒时限内 ✓', 'Card callback {ms} ms, within Lark\'s 3 s deadline ✓'],
  callbackMissed: ['卡片回调未在 3 秒内有效应答 ✗（飞书错误码 {code}）', 'No valid answer to the card callback within 3 s ✗ (Lark code {code})'],
  callbackBad: ['卡片回调的应答无效（飞书错误码 {code}）：{error}', 'Invalid answer to the card callback (Lark code {code}): {error}'],
  callbackCardUpdated: ['卡片已更新', 'card updated'],
  failed: ['操作失败：{error}', 'Failed: {error}'],
  fileMessage: ['📎 文件 {name}', '📎 File {name}'],
  unsupportedMessage: ['[{type} 消息]', '[{type} message]'],
  jobNext: ['下次：{next}；上次：{last}', 'Next: {next}; last: {last}'],
  never: ['从未', 'never'],
  jobRunning: ['运行中…', 'Running…'],
  jobQueued: ['排入发件箱的消息：{n} 条', 'Messages queued: {n}'],
  jobNone: ['这个时刻没有排入消息。', 'Nothing was queued for this moment.'],
  outcome_ran: ['已运行', 'ran'],
  'outcome_skipped-not-workday': ['非工作日，已跳过', 'skipped: not a workday'],
  'outcome_skipped-too-late': ['太迟，已跳过', 'skipped: too late'],
  late: ['（补运行）', '(late)'],
  counts: ['发件箱：{list}', 'Outbox: {list}'],
  empty: ['（空）', '(empty)'],
  decrypted: ['解密后的内容', 'Decrypted body'],
  headers: ['请求头（签名）', 'Headers (signature)'],
  response: ['机器人的应答', 'The bot\'s answer'],
  wire: ['线上的字节（已加密）', 'Bytes on the wire (encrypted)'],
  attempt: ['第 {n} 次', 'attempt {n}'],
  noAnswer: ['无应答', 'no answer'],
  group: ['群聊', 'group'],
};

const CATEGORY = {
  leader_member: ['班子成员', 'Leadership members'],
  young: ['年轻干部', 'Young cadres'],
  senior: ['中老年干部', 'Mid-career cadres'],
  village: ['村社干部', 'Village cadres'],
  other: ['其他', 'Other'],
};
const CATEGORY_ORDER = ['leader_member', 'young', 'senior', 'village', 'other'];

const state = {
  lang: localStorage.getItem('yinhang.console.lang') === 'en' ? 'en' : 'zh',
  /** the program's time zone (the server's TZ_NAME): job times are read in it */
  timeZone: 'Asia/Shanghai',
  people: [],
  byOpenId: new Map(),
  bot: { openId: '', name: '引航' },
  group: undefined,
  chats: new Map(),
  /** messageId → latest view; chatId → message ids in creation order */
  messages: new Map(),
  chatOrder: new Map(),
  /** local creation counter, for unread */
  seq: new Map(),
  nextSeq: 1,
  cursor: 0,
  me: undefined,
  chat: 'p2p',
  /** openId → seq read up to in their p2p chat; group → per person too */
  readP2p: new Map(),
  readGroup: new Map(),
  /** messageId → the say result of a message typed here */
  deliveries: new Map(),
  /** messageId → the last callback outcome shown under the card */
  callbacks: new Map(),
  jobs: [],
  side: 'time',
  sideOpen: localStorage.getItem('yinhang.console.side') !== 'closed',
  requestKeys: new Set(),
};

const $ = (id) => document.getElementById(id);
const L = () => (state.lang === 'en' ? 1 : 0);
function tr(key, vars = {}) {
  const pair = WORDS[key];
  const s = pair ? pair[L()] : key;
  return s.replace(/\{(\w+)\}/g, (_, k) => String((k === 'tz' ? state.timeZone : vars[k]) ?? ''));
}
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== undefined && c !== null && c !== false) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

// ---------------------------------------------------------------- API
async function api(path, body) {
  const res = await fetch(`/console-api${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  let data;
  try { data = await res.json(); } catch { data = {}; }
  const elapsed = Number(res.headers.get('x-elapsed-ms'));
  return { ok: res.ok, status: res.status, data, ...(Number.isFinite(elapsed) && res.headers.has('x-elapsed-ms') ? { elapsed } : {}) };
}

// ---------------------------------------------------------------- language
function applyLanguage() {
  document.documentElement.lang = state.lang === 'en' ? 'en' : 'zh-CN';
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = tr(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = tr(node.dataset.i18nPlaceholder);
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', tr(node.dataset.i18nLabel));
  for (const b of document.querySelectorAll('.lang')) b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang));
  updateComposerHint();
  renderPeople();
  renderMe();
  renderChat(true);
  renderJobs();
}

// ---------------------------------------------------------------- people picker
function roleBadges(person) {
  const badges = [];
  for (const role of ['admin', 'leader']) {
    if (person.roles.includes(role)) badges.push(el('span', { class: `badge badge-${role}`, text: tr(role) }));
  }
  return badges;
}

function matches(person, q) {
  if (!q) return true;
  const hay = [person.name, person.openId, person.unitPath, ...CATEGORY[person.category] ?? [], ...person.roles.flatMap((r) => WORDS[r] ?? [])].join(' ').toLowerCase();
  return q.split(/\s+/).every((w) => hay.includes(w));
}

function renderPeople() {
  const list = $('people-list');
  const q = $('people-search').value.trim().toLowerCase();
  const focusedId = document.activeElement?.closest?.('.person')?.dataset.openId;
  const units = new Map();
  let shown = 0;
  for (const p of state.people) {
    if (!matches(p, q)) continue;
    shown++;
    if (!units.has(p.unitPath)) units.set(p.unitPath, new Map());
    const cats = units.get(p.unitPath);
    if (!cats.has(p.category)) cats.set(p.category, []);
    cats.get(p.category).push(p);
  }
  const sections = [];
  const sortedUnits = [...units.keys()].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b, 'zh-CN'));
  for (const unit of sortedUnits) {
    const cats = units.get(unit);
    const section = el('section', { class: 'unit' }, el('h3', { class: 'unit-name', text: unit }));
    for (const cat of CATEGORY_ORDER) {
      const people = cats.get(cat);
      if (!people) continue;
      section.append(el('h4', { class: 'category', text: (CATEGORY[cat] ?? [cat, cat])[L()] }));
      const ul = el('ul', { class: 'people' });
      for (const p of people) {
        const unread = unreadP2p(p.openId) + unreadGroup(p.openId);
        const button = el('button', {
          type: 'button', class: 'person', 'aria-pressed': String(p.openId === state.me), dataset: { openId: p.openId },
        }, el('span', { class: 'person-name', text: p.name }), ...roleBadges(p));
        if (unread > 0) button.append(el('span', { class: 'unread', 'aria-label': `${unread} ${tr('unread')}`, text: String(unread) }));
        ul.append(el('li', {}, button));
      }
      section.append(ul);
    }
    sections.push(section);
  }
  list.replaceChildren(...sections);
  $('people-count').textContent = q ? tr('peopleFound', { n: shown }) : tr('peopleCount', { n: state.people.length });
  if (focusedId) list.querySelector(`.person[data-open-id="${CSS.escape(focusedId)}"]`)?.focus();
}

async function loadRoster() {
  const r = await api('/app/roster');
  if (!r.ok) throw new Error(r.data.error ?? `roster: HTTP ${r.status}`);
  state.people = r.data.people;
  state.byOpenId = new Map(state.people.map((p) => [p.openId, p]));
  state.bot = r.data.bot;
  state.group = r.data.group;
  if (r.data.timeZone && r.data.timeZone !== state.timeZone) {
    state.timeZone = r.data.timeZone;
    timeFormat = timeFormatIn(state.timeZone);
  }
  if (state.group) $('group-name').textContent = state.group.name;
  renderPeople();
}

function selectPerson(openId) {
  if (!state.byOpenId.has(openId)) return;
  state.me = openId;
  sessionStorage.setItem('yinhang.console.me', openId);
  // Lark creates the p2p chat with the bot on first contact; make it now so the chat has an id to show.
  api(`/p2p/${encodeURIComponent(openId)}`).then((r) => {
    if (r.ok && !state.chats.has(r.data.chatId)) {
      state.chats.set(r.data.chatId, { chatId: r.data.chatId, chatType: 'p2p', name: openId, memberOpenIds: [openId] });
      renderChat(true);
    }
  }).catch(reportError);
  $('composer-status').textContent = '';
  renderMe();
  renderChat(true);
  renderPeople();
  $('people-list').querySelector(`.person[data-open-id="${CSS.escape(openId)}"]`)?.scrollIntoView({ block: 'nearest' });
}

function renderMe() {
  const me = state.byOpenId.get(state.me);
  if (!me) {
    $('me-name').textContent = tr('nobody');
    $('me-detail').replaceChildren();
    return;
  }
  $('me-name').textContent = me.name;
  $('me-detail').replaceChildren(
    el('span', { text: `${me.unitPath} · ${(CATEGORY[me.category] ?? [me.category, me.category])[L()]}` }), ' ', ...roleBadges(me),
    el('span', { class: 'open-id', text: me.openId }),
  );
}

// ---------------------------------------------------------------- chats and messages
function p2pChatId(openId) {
  for (const c of state.chats.values()) if (c.chatType === 'p2p' && c.memberOpenIds.length === 1 && c.memberOpenIds[0] === openId) return c.chatId;
  return undefined;
}
function currentChatId() {
  if (!state.me) return undefined;
  return state.chat === 'group' ? state.group?.chatId : p2pChatId(state.me);
}
function appMessagesAfter(chatId, seq) {
  let n = 0;
  for (const id of state.chatOrder.get(chatId) ?? []) {
    const m = state.messages.get(id);
    if (m && m.sender === 'app' && (state.seq.get(id) ?? 0) > seq) n++;
  }
  return n;
}
function unreadP2p(openId) {
  const chatId = p2pChatId(openId);
  return chatId ? appMessagesAfter(chatId, state.readP2p.get(openId) ?? 0) : 0;
}
function unreadGroup(openId) {
  // A group message concerns a person when the bot answers them, i.e. replies to what they said.
  if (!state.group) return 0;
  const read = state.readGroup.get(openId) ?? 0;
  let n = 0;
  for (const id of state.chatOrder.get(state.group.chatId) ?? []) {
    const m = state.messages.get(id);
    if (!m || m.sender !== 'app' || (state.seq.get(id) ?? 0) <= read) continue;
    const parent = m.parentId ? state.messages.get(m.parentId) : undefined;
    if (parent?.senderOpenId === openId) n++;
  }
  return n;
}
function markRead() {
  if (!state.me) return;
  const chatId = currentChatId();
  if (!chatId) return;
  const last = Math.max(0, ...(state.chatOrder.get(chatId) ?? []).map((id) => state.seq.get(id) ?? 0));
  (state.chat === 'group' ? state.readGroup : state.readP2p).set(state.me, last);
}

function senderName(m) {
  if (m.sender === 'app') return state.bot.name || tr('bot');
  if (m.senderOpenId === state.me) return `${state.byOpenId.get(m.senderOpenId)?.name ?? m.senderOpenId}（${tr('you')}）`;
  return state.byOpenId.get(m.senderOpenId)?.name ?? m.senderOpenId ?? '';
}

let timeFormat = timeFormatIn(state.timeZone);
function timeFormatIn(timeZone) {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

function textOf(m) {
  let text = m.content && typeof m.content === 'object' && typeof m.content.text === 'string' ? m.content.text : '';
  for (const at of m.mentions ?? []) text = text.split(at.key).join(`@${at.name}`);
  return text;
}

function renderBody(m) {
  if (m.msgType === 'interactive' && m.content && typeof m.content === 'object') {
    const host = el('div', { class: 'card-host' });
    try {
      host.innerHTML = renderCard(m.content, { lang: state.lang, messageId: m.messageId, people: state.people.map((p) => ({ openId: p.openId, name: p.name, unitPath: p.unitPath })) });
    } catch (err) {
      host.replaceChildren(el('div', { class: 'render-error', text: `renderCard: ${err instanceof Error ? err.message : String(err)}` }));
    }
    return host;
  }
  if (m.msgType === 'text') return el('div', { class: 'bubble', text: textOf(m) });
  if (m.msgType === 'file') {
    const name = m.content?.file_name ?? m.content?.file_key ?? '';
    return el('div', { class: 'bubble file', text: tr('fileMessage', { name }) });
  }
  return el('div', { class: 'bubble other', text: tr('unsupportedMessage', { type: m.msgType }) });
}

function deliveryLine(m) {
  const d = state.deliveries.get(m.messageId);
  if (!d) return undefined;
  if (d.pending) return el('p', { class: 'delivery', text: tr('sending') });
  if (d.delivered) return el('p', { class: 'delivery ok', text: tr('delivered', { status: d.status, ms: d.ms ?? '?' }) });
  return el('p', { class: 'delivery bad', text: tr('notDelivered', { reason: d.reason ?? `HTTP ${d.status ?? '?'}` }) });
}

function callbackLine(messageId) {
  const c = state.callbacks.get(messageId);
  if (!c) return el('p', { class: 'callback', hidden: true });
  let text; let cls;
  if (c.error && !c.result) { text = tr('failed', { error: c.error }); cls = 'bad'; }
  else if (c.result.errorCode === 200671) { text = tr('callbackMissed', { code: 200671 }); cls = 'bad missed'; }
  else if (c.result.errorCode) { text = tr('callbackBad', { code: c.result.errorCode, error: c.result.error ?? '' }); cls = 'bad'; }
  else { text = `${tr('callbackMet', { ms: c.ms })}${c.result.cardUpdated ? ` · ${tr('callbackCardUpdated')}` : ''}`; cls = c.ms <= DEADLINE_MS ? 'ok met' : 'bad missed'; }
  return el('p', { class: `callback ${cls}`, text, dataset: { ms: String(c.ms ?? '') } });
}

function messageNode(m) {
  const mine = m.sender === 'user' && m.senderOpenId === state.me;
  const node = el('article', { class: `msg ${m.sender === 'app' ? 'from-app' : 'from-user'}${mine ? ' mine' : ''}`, dataset: { messageId: m.messageId, version: String(m.version) } },
    el('p', { class: 'meta' }, el('span', { class: 'who', text: senderName(m) }), ' ', el('time', { datetime: new Date(m.createdAt).toISOString(), text: timeFormat.format(new Date(m.createdAt)) })),
    renderBody(m));
  const d = deliveryLine(m);
  if (d) node.append(d);
  if (m.msgType === 'interactive') node.append(callbackLine(m.messageId));
  return node;
}

function updateMessageNode(node, m) {
  const host = node.querySelector('.card-host');
  const hadFocus = host?.contains(document.activeElement);
  const fresh = renderBody(m);
  if (host) host.replaceWith(fresh); else node.querySelector('.bubble')?.replaceWith(fresh);
  node.dataset.version = String(m.version);
  if (hadFocus) {
    // Keep keyboard users where they were: the card they acted on.
    const target = fresh.querySelector('button:not([disabled]), input, select, textarea') ?? fresh;
    if (target === fresh) fresh.tabIndex = -1;
    target.focus();
  }
}

/** Render the open chat; `full` rebuilds it, otherwise only new and changed messages are touched. */
function renderChat(full = false) {
  const box = $('messages');
  const chatId = currentChatId();
  for (const b of document.querySelectorAll('.chat-tab')) {
    const on = b.dataset.chat === state.chat;
    b.setAttribute('aria-selected', String(on));
    b.tabIndex = on ? 0 : -1;
  }
  setTabUnread();
  if (!state.me) {
    box.replaceChildren();
    return;
  }
  const ids = chatId ? state.chatOrder.get(chatId) ?? [] : [];
  if (full || box.dataset.chatId !== (chatId ?? '')) {
    box.dataset.chatId = chatId ?? '';
    const nodes = ids.map((id) => messageNode(state.messages.get(id)));
    if (nodes.length === 0) nodes.push(el('p', { class: 'empty', text: tr(state.chat === 'group' ? 'noMessagesGroup' : 'noMessages') }));
    box.replaceChildren(...nodes);
    box.scrollTop = box.scrollHeight;
  } else {
    const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    box.querySelector('.empty')?.remove();
    for (const id of ids) {
      const m = state.messages.get(id);
      const node = box.querySelector(`.msg[data-message-id="${CSS.escape(id)}"]`);
      if (!node) box.append(messageNode(m));
      else if (node.dataset.version !== String(m.version)) updateMessageNode(node, m);
    }
    if (nearBottom) box.scrollTop = box.scrollHeight;
  }
  markRead();
  setTabUnread();
}

function setTabUnread() {
  const set = (id, n) => {
    const badge = $(id);
    badge.hidden = n === 0;
    badge.textContent = n > 0 ? String(n) : '';
    badge.setAttribute('aria-label', n > 0 ? `${n} ${tr('unread')}` : '');
  };
  set('unread-p2p', state.me && state.chat !== 'p2p' ? unreadP2p(state.me) : 0);
  set('unread-group', state.me && state.chat !== 'group' ? unreadGroup(state.me) : 0);
}

async function refreshChats() {
  const r = await api('/chats');
  if (!r.ok) return;
  for (const c of r.data.chats) state.chats.set(c.chatId, c);
}

function ingest(messages) {
  let changedContent = false;
  for (const m of messages) {
    const old = state.messages.get(m.messageId);
    if (!old) {
      state.seq.set(m.messageId, state.nextSeq++);
      if (!state.chatOrder.has(m.chatId)) state.chatOrder.set(m.chatId, []);
      state.chatOrder.get(m.chatId).push(m.messageId);
      changedContent = true;
    } else if (old.version !== m.version) {
      changedContent = true;
      // The same content again (a version bump with nothing new) keeps the rendered card and what is typed in it.
      if (JSON.stringify(old.content) === JSON.stringify(m.content)) m.version = old.version;
    }
    state.messages.set(m.messageId, m);
  }
  return changedContent;
}

let polling = false;
let pollAgain = false;
async function poll() {
  if (polling) { pollAgain = true; return; }
  polling = true;
  try {
    do {
      pollAgain = false;
      const r = await api(`/messages?after=${state.cursor}`);
      if (!r.ok) break;
      const fresh = r.data.messages ?? [];
      if (fresh.some((m) => !state.chats.has(m.chatId))) await refreshChats();
      state.cursor = r.data.cursor;
      if (ingest(fresh)) {
        renderChat();
        renderPeople();
      }
    } while (pollAgain);
  } catch (err) {
    reportError(err);
  } finally {
    polling = false;
  }
}

// ---------------------------------------------------------------- composing
function updateComposerHint() {
  $('composer-text').placeholder = tr(state.chat === 'group' ? 'composerGroup' : 'composerP2p');
}

async function say(text) {
  if (!state.me || !text.trim()) return;
  const body = { text };
  if (state.chat === 'group' && state.group) body.chatId = state.group.chatId;
  $('composer-status').textContent = tr('sending');
  const r = await api(`/users/${encodeURIComponent(state.me)}/say`, body);
  if (!r.ok) {
    $('composer-status').textContent = tr('failed', { error: r.data.error ?? `HTTP ${r.status}` });
    return;
  }
  state.deliveries.set(r.data.messageId, { delivered: r.data.delivered, status: r.data.status, reason: r.data.reason, ms: r.elapsed });
  $('composer-status').textContent = r.data.delivered ? tr('delivered', { status: r.data.status, ms: r.elapsed ?? '?' }) : tr('notDelivered', { reason: r.data.reason ?? '' });
  await poll();
  // The message may already have been drawn before its delivery was known.
  const node = $('messages').querySelector(`.msg[data-message-id="${CSS.escape(r.data.messageId)}"]`);
  if (node) {
    node.querySelector('.delivery')?.remove();
    const line = deliveryLine(state.messages.get(r.data.messageId) ?? { messageId: r.data.messageId });
    if (line) node.append(line);
  }
}

// ---------------------------------------------------------------- cards: clicks, forms, confirm
/** Lark's form_value: single fields as strings, multi-selects as arrays, empty fields left out. */
function formValueOf(form) {
  const value = {};
  for (const field of form.elements) {
    if (!field.name || field.disabled || field.tagName === 'BUTTON') continue;
    if (field.tagName === 'SELECT' && field.multiple) {
      const picked = [...field.selectedOptions].map((o) => o.value).filter((v) => v !== '');
      if (picked.length > 0) value[field.name] = picked;
    } else if (field.type === 'checkbox') {
      if (field.checked) value[field.name] = field.value || 'true';
    } else if (typeof field.value === 'string' && field.value !== '') {
      value[field.name] = field.value;
    }
  }
  return value;
}

function confirmDialog(title, text) {
  const dialog = $('confirm-dialog');
  $('confirm-title').textContent = title || '';
  $('confirm-text').textContent = text || '';
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
    $('confirm-ok').focus();
  });
}

async function pressCardButton(button) {
  const card = button.closest('.lk-card');
  const msg = button.closest('.msg');
  const messageId = card?.dataset.messageId || msg?.dataset.messageId;
  if (!messageId || !state.me) return;
  if (button.dataset.confirmTitle !== undefined || button.dataset.confirmText !== undefined) {
    if (!(await confirmDialog(button.dataset.confirmTitle, button.dataset.confirmText))) {
      button.focus();
      return;
    }
  }
  let value = {};
  try { value = JSON.parse(button.dataset.value || '{}'); } catch { /* a button without a value sends {} as Lark does */ }
  const body = { openId: state.me, value };
  if (button.dataset.name) body.name = button.dataset.name;
  if (button.dataset.submit === '1') {
    const form = button.closest('form.lk-form');
    if (form) body.formValue = formValueOf(form);
  }
  button.disabled = true;
  card?.setAttribute('aria-busy', 'true');
  const started = performance.now();
  try {
    const r = await api(`/messages/${encodeURIComponent(messageId)}/click`, body);
    const ms = r.elapsed ?? Math.round(performance.now() - started);
    if (!r.ok) {
      state.callbacks.set(messageId, { error: r.data.error ?? `HTTP ${r.status}`, ms });
      showToastText(tr('failed', { error: r.data.error ?? `HTTP ${r.status}` }), 'error');
    } else {
      state.callbacks.set(messageId, { result: r.data, ms });
      if (r.data.toast) showToast(r.data.toast);
      else if (r.data.errorCode) showToastText(r.data.errorCode === 200671 ? tr('callbackMissed', { code: 200671 }) : tr('callbackBad', { code: r.data.errorCode, error: r.data.error ?? '' }), 'error');
    }
    msg?.querySelector('.callback')?.replaceWith(callbackLine(messageId));
  } catch (err) {
    reportError(err);
  } finally {
    if (button.isConnected) button.disabled = false;
    card?.removeAttribute('aria-busy');
  }
  await poll();
}

function showToast(toast) {
  const wrap = el('div', { class: 'toast-wrap' });
  try {
    wrap.innerHTML = renderToast(toast, state.lang);
  } catch {
    wrap.textContent = String(toast?.content ?? '');
  }
  pushToast(wrap);
}
function showToastText(text, kind = 'info') {
  pushToast(el('div', { class: `toast-wrap own-toast ${kind}`, text }));
}
function pushToast(node) {
  const box = $('toasts');
  box.append(node);
  while (box.children.length > 3) box.firstElementChild.remove();
  setTimeout(() => node.remove(), 6000);
}

function reportError(err) {
  // Shown, not thrown: the console keeps working when one request fails.
  showToastText(tr('failed', { error: err instanceof Error ? err.message : String(err) }), 'error');
}

// ---------------------------------------------------------------- time: run a job
function localToInput(local) {
  // '2026-12-04 16:00 Fri' → '2026-12-04T16:00'
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})/.exec(local ?? '');
  return m ? `${m[1]}T${m[2]}` : '';
}

async function loadJobs(keepSelection = true) {
  const r = await api('/app/jobs');
  if (!r.ok) return;
  const selected = keepSelection ? $('job-select').value : '';
  state.jobs = r.data.jobs;
  renderJobs(selected);
}

function renderJobs(selected = $('job-select').value) {
  const select = $('job-select');
  const options = state.jobs.map((j) => el('option', { value: j.name, text: `${j.name} · ${L() ? j.describe.en : j.describe.zh}` }));
  select.replaceChildren(...options);
  if (selected && state.jobs.some((j) => j.name === selected)) select.value = selected;
  describeJob(false);
}

function describeJob(resetTime) {
  const job = state.jobs.find((j) => j.name === $('job-select').value);
  $('job-describe').textContent = job ? (L() ? job.describe.en : job.describe.zh) : '';
  $('job-schedule').textContent = job ? `cron ${job.cron} · ${job.calendar} · ${tr('jobNext', { next: job.next?.local ?? '—', last: job.last ? `${job.last.local} · ${tr(`outcome_${job.last.outcome}`)}` : tr('never') })}` : '';
  if (job && (resetTime || !$('job-at').value)) $('job-at').value = localToInput(job.next?.local);
}

async function runJob(event) {
  event.preventDefault();
  const name = $('job-select').value;
  const at = $('job-at').value;
  if (!name || !at) return;
  const result = $('job-result');
  const button = $('job-run');
  button.disabled = true;
  result.replaceChildren(el('p', { text: tr('jobRunning') }));
  try {
    const r = await api(`/app/jobs/${encodeURIComponent(name)}/run`, { at });
    const d = r.data;
    const nodes = [el('h3', { text: `${name} @ ${at.replace('T', ' ')} (${state.timeZone})` })];
    if (d.out?.length || d.err?.length) nodes.push(el('pre', { class: `job-output${d.exitCode ? ' bad' : ''}`, text: [...(d.out ?? []), ...(d.err ?? [])].join('\n') }));
    if (d.run) nodes.push(el('p', { class: 'job-outcome', text: `${tr(`outcome_${d.run.outcome}`)} ${d.run.late ? tr('late') : ''}` }));
    const queued = d.queued ?? [];
    nodes.push(el('p', { text: queued.length ? tr('jobQueued', { n: queued.length }) : tr('jobNone') }));
    if (queued.length) {
      nodes.push(el('ul', { class: 'job-queued' }, ...queued.map((row) => el('li', {},
        el('span', { class: 'who', text: state.byOpenId.get(row.receiveId)?.name ?? row.receiveId ?? '' }), ' · ',
        el('span', { text: row.summary }), ' · ', el('span', { class: `status status-${row.status}`, text: row.status })))));
    }
    if (!r.ok && d.error) nodes.push(el('p', { class: 'bad', text: d.error }));
    result.replaceChildren(...nodes);
    await loadJobs();
  } catch (err) {
    reportError(err);
  } finally {
    button.disabled = false;
  }
  await poll();
}

// ---------------------------------------------------------------- inspector
function pretty(value) {
  try { return JSON.stringify(value, null, 2); } catch { return String(value); }
}

function requestEntry(entry) {
  const when = timeFormat.format(new Date(entry.at));
  if (entry.kind === 'delivery') {
    const status = entry.status ? `HTTP ${entry.status}` : tr('noAnswer');
    const over = entry.ms > DEADLINE_MS;
    const item = el('li', { class: `req delivery${entry.status === 200 ? '' : ' bad'}`, dataset: { eventType: entry.eventType } },
      el('details', {},
        el('summary', {}, el('span', { class: 'dir', text: '→' }), ' ', el('time', { text: when }), ' ',
          el('strong', { text: entry.eventType }), ' ', el('span', { class: 'st', text: status }), ' ',
          el('span', { class: `ms${over ? ' bad' : ''}`, text: `${entry.ms} ms` }), entry.attempt > 1 ? ` · ${tr('attempt', { n: entry.attempt })}` : ''),
        el('h4', { text: tr('headers') }), el('pre', { text: pretty(entry.headers) }),
        el('h4', { text: tr('decrypted') }), el('pre', { text: pretty(entry.body) }),
        el('h4', { text: tr('response') }), el('pre', { text: entry.error ? entry.error : pretty(entry.response ?? null) }),
        entry.encrypted ? el('h4', { text: tr('wire') }) : null, entry.encrypted ? el('pre', { class: 'wire', text: entry.wire }) : null));
    return item;
  }
  const code = entry.code === undefined ? '' : ` code ${entry.code}${entry.msg ? ` ${entry.msg}` : ''}`;
  const bad = entry.status !== 200 || (entry.code !== undefined && entry.code !== 0);
  return el('li', { class: `req call${bad ? ' bad' : ''}` },
    el('span', { class: 'dir', text: '←' }), ' ', el('time', { text: when }), ' ',
    el('strong', { text: `${entry.method} ${entry.path}` }), ' ', el('span', { class: 'st', text: entry.status ? `HTTP ${entry.status}` : tr('noAnswer') }),
    el('span', { class: 'code', text: code }), entry.ms !== undefined ? el('span', { class: 'ms', text: ` ${entry.ms} ms` }) : null,
    entry.uuid ? el('span', { class: 'uuid', text: ` uuid ${entry.uuid}` }) : null);
}

async function loadRequests() {
  const r = await api('/requests');
  if (!r.ok) return;
  const entries = [
    ...(r.data.deliveries ?? []).map((d) => ({ ...d, kind: 'delivery' })),
    ...(r.data.requests ?? []).map((c) => ({ ...c, kind: 'call' })),
  ].sort((a, b) => a.at - b.at);
  const list = $('request-list');
  const showD = $('show-deliveries').checked;
  const showC = $('show-calls').checked;
  const visible = entries.filter((e) => (e.kind === 'delivery' ? showD : showC)).slice(-MAX_REQUESTS);
  // Entries carry no id: their fields, plus a counter for exact repeats, name them.
  const seen = new Map();
  const keys = visible.map((e) => {
    const base = `${e.kind}|${e.at}|${e.eventId ?? `${e.method} ${e.path}`}|${e.attempt ?? e.uuid ?? ''}|${e.status}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return `${base}|${n}`;
  });
  const known = state.requestKeys;
  // The log was cleared (or filtered differently): start over. Otherwise prepend only what is new, so an opened
  // entry stays open while the log grows.
  if (known.size > 0 && !keys.some((k) => known.has(k))) {
    list.replaceChildren();
    known.clear();
  }
  visible.forEach((entry, i) => {
    if (known.has(keys[i])) return;
    const item = requestEntry(entry);
    item.dataset.key = keys[i];
    list.prepend(item);
    known.add(keys[i]);
  });
  while (list.children.length > MAX_REQUESTS) {
    known.delete(list.lastElementChild.dataset.key);
    list.lastElementChild.remove();
  }
}

/** Whom an outbox row is for, in words: a person, a chat, or the chat of the message it replies to or patches. */
function recipientOf(row) {
  const chatName = (chatId) => {
    const c = state.chats.get(chatId);
    if (!c) return undefined;
    return c.chatType === 'p2p' ? state.byOpenId.get(c.memberOpenIds[0])?.name ?? c.name : c.name;
  };
  if (row.receiveId) return state.byOpenId.get(row.receiveId)?.name ?? chatName(row.receiveId) ?? row.receiveId;
  const target = row.target ? state.messages.get(row.target) : undefined;
  return (target && chatName(target.chatId)) ?? row.target ?? '';
}

async function loadOutbox() {
  const r = await api('/app/outbox?limit=100');
  if (!r.ok) return;
  const counts = Object.entries(r.data.counts ?? {}).map(([k, v]) => `${k} ${v}`).join(' · ');
  $('outbox-counts').textContent = tr('counts', { list: counts || tr('empty') });
  const rows = r.data.rows.map((row) => el('tr', { class: `status-${row.status}` },
    el('td', { class: 'id', title: row.id, text: row.id.slice(0, 8) }),
    el('td', { class: 'st' }, el('span', { class: `status status-${row.status}`, text: row.status }), el('br'), row.kind),
    el('td', { text: recipientOf(row) }),
    el('td', { text: row.summary || row.msgType }),
    el('td', { text: String(row.attempts) }),
    el('td', { text: [row.lastCode ?? '', row.lastError ?? ''].filter((x) => x !== '').join(' ') }),
    el('td', { class: 'key', text: row.dedupeKey ?? '' })));
  $('outbox-table').tBodies[0].replaceChildren(...rows);
}

async function refreshSide() {
  if (!state.sideOpen) return;
  try {
    if (state.side === 'requests') await loadRequests();
    else if (state.side === 'outbox') await loadOutbox();
  } catch (err) {
    reportError(err);
  }
}

function showSide(panel) {
  state.side = panel;
  for (const tab of document.querySelectorAll('.side-tab')) {
    const on = tab.dataset.panel === panel;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`panel-${tab.dataset.panel}`).hidden = !on;
  }
  if (panel === 'time') loadJobs().catch(reportError);
  refreshSide();
}

function setSideOpen(open) {
  state.sideOpen = open;
  localStorage.setItem('yinhang.console.side', open ? 'open' : 'closed');
  $('side').hidden = !open;
  $('layout').classList.toggle('side-closed', !open);
  $('toggle-side').setAttribute('aria-expanded', String(open));
  if (open) refreshSide();
}

/** Arrow keys move between tabs of a tablist (the WAI-ARIA tabs pattern). */
function tabKeys(event, selector, activate) {
  if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
  const tabs = [...document.querySelectorAll(selector)];
  const i = tabs.indexOf(event.target.closest(selector));
  if (i < 0) return;
  event.preventDefault();
  const next = event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : (i + (event.key === 'ArrowRight' ? 1 : -1) + tabs.length) % tabs.length;
  tabs[next].focus();
  activate(tabs[next]);
}

// ---------------------------------------------------------------- wiring
function wire() {
  $('people-search').addEventListener('input', () => {
    renderPeople();
    // back to the whole roster: keep the person spoken as in sight
    if (!$('people-search').value && state.me) $('people-list').querySelector(`.person[data-open-id="${CSS.escape(state.me)}"]`)?.scrollIntoView({ block: 'nearest' });
  });
  $('people-list').addEventListener('click', (e) => {
    const b = e.target.closest('.person');
    if (b) selectPerson(b.dataset.openId);
  });
  for (const b of document.querySelectorAll('.lang')) {
    b.addEventListener('click', () => {
      state.lang = b.dataset.lang === 'en' ? 'en' : 'zh';
      localStorage.setItem('yinhang.console.lang', state.lang);
      applyLanguage();
    });
  }
  const chooseChat = (tab) => {
    state.chat = tab.dataset.chat;
    updateComposerHint();
    renderChat(true);
  };
  for (const tab of document.querySelectorAll('.chat-tab')) tab.addEventListener('click', () => chooseChat(tab));
  document.querySelector('.chat-tabs').addEventListener('keydown', (e) => tabKeys(e, '.chat-tab', chooseChat));

  const messages = $('messages');
  messages.addEventListener('click', (e) => {
    const button = e.target.closest('[data-action="callback"]');
    if (button && messages.contains(button) && !button.disabled) {
      e.preventDefault();
      pressCardButton(button);
    }
  });
  // Enter in a card's form submits it as Lark does: through the form's submit button, never a page load.
  messages.addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target.closest('form.lk-form');
    const submit = form?.querySelector('[data-action="callback"][data-submit="1"]');
    if (submit && !submit.disabled) pressCardButton(submit);
  });

  $('composer').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('composer-text');
    const text = input.value;
    if (!text.trim()) return;
    input.value = '';
    await say(text).catch(reportError);
    input.focus();
  });
  $('composer-text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $('composer').requestSubmit();
    }
  });
  for (const chip of document.querySelectorAll('.chip')) {
    chip.addEventListener('click', () => {
      const text = state.chat === 'group' ? `@${state.bot.name} ${chip.dataset.say}` : chip.dataset.say;
      say(text).catch(reportError);
    });
  }

  $('toggle-side').addEventListener('click', () => setSideOpen(!state.sideOpen));
  for (const tab of document.querySelectorAll('.side-tab')) tab.addEventListener('click', () => showSide(tab.dataset.panel));
  document.querySelector('.side-tabs').addEventListener('keydown', (e) => tabKeys(e, '.side-tab', (t) => showSide(t.dataset.panel)));
  $('job-select').addEventListener('change', () => describeJob(true));
  $('job-form').addEventListener('submit', runJob);
  const refilter = () => {
    $('request-list').replaceChildren();
    state.requestKeys.clear();
    loadRequests().catch(reportError);
  };
  $('show-deliveries').addEventListener('change', refilter);
  $('show-calls').addEventListener('change', refilter);
}

async function start() {
  wire();
  setSideOpen(state.sideOpen);
  await Promise.all([loadRoster(), refreshChats(), loadJobs(false)]);
  applyLanguage();
  const saved = sessionStorage.getItem('yinhang.console.me');
  if (saved && state.byOpenId.has(saved)) selectPerson(saved);
  await poll();
  const loop = async () => {
    await poll();
    setTimeout(loop, POLL_MS);
  };
  setTimeout(loop, POLL_MS);
  setInterval(() => { refreshSide(); }, SIDE_POLL_MS);
  // People added to the roster while the console is open (an import through the bot) appear without a reload.
  setInterval(() => { loadRoster().catch(() => undefined); }, ROSTER_POLL_MS);
  document.body.dataset.ready = 'true';
}

start().catch(reportError);
