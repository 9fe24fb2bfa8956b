import { describe, expect, it } from 'vitest';
import { cardActionEvent, challengeBody, messageEvent, v1Event } from '../../../src/emulator/lark-envelopes';

const ctx = { appId: 'cli_a1b2c3d4e5f60718', verificationToken: 'vt', tenantKey: 'tk', nowMs: 1_752_346_850_837 };

describe('Lark envelopes', () => {
  it('builds im.message.receive_v1 like the documented sample', () => {
    const env = messageEvent(ctx, {
      senderOpenId: 'ou_u', chatId: 'oc_g', chatType: 'group', text: 'hello', mentions: [{ openId: 'ou_bot', name: 'Bot' }],
    });
    expect(env.schema).toBe('2.0');
    expect(env.header).toMatchObject({ token: 'vt', create_time: '1752346850837', event_type: 'im.message.receive_v1', tenant_key: 'tk', app_id: ctx.appId });
    expect(env.header.event_id).toMatch(/^[0-9a-f]{32}$/);
    const message = env.event.message as Record<string, unknown>;
    expect(message).toMatchObject({ chat_id: 'oc_g', chat_type: 'group', message_type: 'text', content: '{"text":"@_user_1 hello"}' });
    expect(message.message_id).toMatch(/^om_/);
    expect(message.mentions).toEqual([{ key: '@_user_1', id: { union_id: expect.stringMatching(/^on_/), user_id: null, open_id: 'ou_bot' }, name: 'Bot', tenant_key: 'tk' }]);
    expect(env.event.sender).toMatchObject({ sender_id: { open_id: 'ou_u' }, sender_type: 'user' });
  });

  it('keeps placeholders already in the text', () => {
    const env = messageEvent(ctx, { senderOpenId: 'ou_u', chatId: 'oc_g', chatType: 'group', text: 'hi @_user_1 there', mentions: [{ openId: 'ou_b', name: 'B' }] });
    expect((env.event.message as { content: string }).content).toBe('{"text":"hi @_user_1 there"}');
  });

  it('builds card.action.trigger with a c- token, value, form_value and context', () => {
    const { envelope, token } = cardActionEvent(ctx, { operatorOpenId: 'ou_u', openMessageId: 'om_1', openChatId: 'oc_1', value: { k: 'v' }, formValue: { reason: 'x' } });
    expect(token).toMatch(/^c-[0-9a-f]{32}$/);
    expect(envelope.header.event_type).toBe('card.action.trigger');
    expect(envelope.event).toMatchObject({
      operator: { open_id: 'ou_u' }, token, host: 'im_message',
      action: { tag: 'button', value: { k: 'v' }, form_value: { reason: 'x' } },
      context: { open_message_id: 'om_1', open_chat_id: 'oc_1' },
    });
  });

  it('builds the v1-shaped challenge and v1 events', () => {
    expect(challengeBody(ctx, { challenge: 'abc' })).toEqual({ challenge: 'abc', token: 'vt', type: 'url_verification' });
    const v1 = v1Event(ctx, { type: 'p2p_chat_create', event: { chat_id: 'oc_1' } });
    expect(v1).toMatchObject({ token: 'vt', type: 'event_callback', event: { type: 'p2p_chat_create', chat_id: 'oc_1', app_id: ctx.appId } });
    expect(v1.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(v1.ts).toBe('1752346850.8370000');
  });
});
