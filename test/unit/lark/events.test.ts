import { describe, expect, it } from 'vitest';
import { parseEnvelope, toCardAction, toIncomingMessage, toMenuClick, toMillis, MalformedEvent } from '../../../src/lark/events';

const BOT = 'ou_bot_000000000000000000001';
const v2 = (eventType: string, event: Record<string, unknown>, createTime = '1752346850837') => ({
  schema: '2.0', header: { event_id: 'evt_1', token: 'tok', create_time: createTime, event_type: eventType, tenant_key: 't', app_id: 'cli' }, event,
});
const message = (extra: Record<string, unknown> = {}) => ({
  sender: { sender_id: { open_id: 'ou_user', union_id: 'on_user', user_id: null }, sender_type: 'user' },
  message: { message_id: 'om_1', chat_id: 'oc_1', chat_type: 'p2p', message_type: 'text', content: JSON.stringify({ text: ' 帮助 ' }), ...extra },
});

describe('Lark timestamps', () => {
  it.each([
    ['1752346850', 1752346850000],
    ['1752346850837', 1752346850837],
    ['1603977298000000', 1603977298000],
    ['1502199207.7171419', 1502199207000],
    [1752346850837, 1752346850837],
  ])('%s → %d ms', (input, ms) => expect(toMillis(input)).toBe(ms));

  it.each([undefined, '', 'soon', '12', -5])('%s is no timestamp', (input) => expect(toMillis(input)).toBeUndefined());
});

describe('parseEnvelope', () => {
  it('reads a v2 envelope', () => {
    expect(parseEnvelope(v2('im.message.receive_v1', {}))).toMatchObject({ eventId: 'evt_1', eventType: 'im.message.receive_v1', token: 'tok', createdAtMs: 1752346850837 });
  });

  it('reads a v1 envelope', () => {
    const env = parseEnvelope({ uuid: 'u1', token: 'tok', ts: '1502199207.7171419', type: 'event_callback', event: { type: 'message' } });
    expect(env).toMatchObject({ eventId: 'u1', eventType: 'message', token: 'tok', createdAtMs: 1502199207717 });
  });

  it.each([
    [{}],
    [{ schema: '2.0', header: {}, event: {} }],
    [{ schema: '2.0', header: { event_id: 'x' }, event: {} }],
    [{ schema: '2.0', header: { event_id: 'x', event_type: 'y' }, event: [] }],
    [{ type: 'event_callback', event: {} }],
  ])('refuses %j', (body) => expect(parseEnvelope(body as Record<string, unknown>)).toBeUndefined());
});

describe('toIncomingMessage', () => {
  it('normalises a p2p text message', () => {
    const m = toIncomingMessage(parseEnvelope(v2('im.message.receive_v1', message()))!, BOT);
    expect(m).toMatchObject({ kind: 'message', messageId: 'om_1', chatId: 'oc_1', chatType: 'p2p', senderOpenId: 'ou_user', text: '帮助', mentionsBot: false });
  });

  it('removes the bot mention, keeps others as @name, and decides by open_id', () => {
    const mentions = [
      { key: '@_user_1', id: { open_id: BOT }, name: '引航' },
      { key: '@_user_2', id: { open_id: 'ou_other' }, name: '韩德明' },
    ];
    const m = toIncomingMessage(parseEnvelope(v2('im.message.receive_v1', message({ chat_type: 'group', mentions, content: JSON.stringify({ text: '@_user_1 选导师 @_user_2' }) })))!, BOT);
    expect(m).toMatchObject({ chatType: 'group', mentionsBot: true, text: '选导师 @韩德明' });
    // someone whose display name is the bot's name is not the bot
    const impostor = [{ key: '@_user_1', id: { open_id: 'ou_someone' }, name: '引航' }];
    const n = toIncomingMessage(parseEnvelope(v2('im.message.receive_v1', message({ chat_type: 'group', mentions: impostor, content: JSON.stringify({ text: '@_user_1 帮助' }) })))!, BOT);
    expect(n.mentionsBot).toBe(false);
  });

  it('gives non-text messages empty text rather than failing', () => {
    const m = toIncomingMessage(parseEnvelope(v2('im.message.receive_v1', message({ message_type: 'image', content: '{"image_key":"img_1"}' })))!, BOT);
    expect(m.text).toBe('');
    const broken = toIncomingMessage(parseEnvelope(v2('im.message.receive_v1', message({ content: '{not json' })))!, BOT);
    expect(broken.text).toBe('');
  });

  it('normalises a v1 message event', () => {
    const env = parseEnvelope({ uuid: 'u1', token: 't', ts: '1', type: 'event_callback', event: { type: 'message', open_id: 'ou_user', open_message_id: 'om_v1', open_chat_id: 'oc_v1', chat_type: 'group', is_mention: true, text_without_at_bot: ' help ' } })!;
    expect(toIncomingMessage(env, BOT)).toMatchObject({ messageId: 'om_v1', chatType: 'group', mentionsBot: true, text: 'help' });
  });

  it('throws MalformedEvent without the ids it needs', () => {
    expect(() => toIncomingMessage(parseEnvelope(v2('im.message.receive_v1', { message: {} }))!, BOT)).toThrow(MalformedEvent);
  });
});

describe('card actions and menu clicks', () => {
  it('reads operator, value, form and context', () => {
    const a = toCardAction(parseEnvelope(v2('card.action.trigger', {
      operator: { open_id: 'ou_op' }, token: 'c-1', action: { tag: 'button', value: { a: 'cmd', c: 'help' }, form_value: { reason: 'x' } },
      context: { open_message_id: 'om_card', open_chat_id: 'oc_chat' },
    }))!);
    expect(a).toEqual({ kind: 'card_action', eventId: 'evt_1', operatorOpenId: 'ou_op', token: 'c-1', value: { a: 'cmd', c: 'help' }, formValue: { reason: 'x' }, messageId: 'om_card', chatId: 'oc_chat' });
  });

  it('refuses a card action without an operator', () => {
    expect(() => toCardAction(parseEnvelope(v2('card.action.trigger', { action: {} }))!)).toThrow(MalformedEvent);
  });

  it('reads a bot-menu click', () => {
    const m = toMenuClick(parseEnvelope(v2('application.bot.menu_v6', { operator: { operator_id: { open_id: 'ou_op' } }, event_key: 'help' }))!);
    expect(m).toEqual({ kind: 'menu', eventId: 'evt_1', operatorOpenId: 'ou_op', eventKey: 'help' });
  });
});
