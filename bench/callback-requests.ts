// Requests for the callback bench, built in the loader: the i-th click of the list, a card.action.trigger as Lark
// sends it when a mentor presses 接受 on an application card — its own event_id and card token, created,
// encrypted and signed at the moment it is sent.
import { cardActionEvent, defaultTenantKey } from '../src/emulator/lark-envelopes';
import { larkId } from '../src/emulator/lark-wire';
import type { RequestFactory } from './load-generator';
import { signedPush } from './webhook-requests';

export interface Click { operatorOpenId: string; applicationId: number }

export interface CallbackRequestArgs {
  appId: string;
  encryptKey: string;
  verificationToken: string;
  clicks: Click[];
}

const callbackRequests: RequestFactory<CallbackRequestArgs> = (a) => {
  const tenantKey = defaultTenantKey(a.appId);
  return (i) => {
    const click = a.clicks[i];
    if (!click) throw new Error(`callback requests: no click ${i} (the job has ${a.clicks.length})`);
    const nowMs = Date.now();
    const { envelope } = cardActionEvent({ appId: a.appId, verificationToken: a.verificationToken, tenantKey, nowMs }, {
      operatorOpenId: click.operatorOpenId, openMessageId: larkId('om_'), openChatId: larkId('oc_'),
      value: { a: 'app.accept', id: click.applicationId }, formValue: { reason: '' }, name: 'accept',
    });
    return signedPush(a.encryptKey, envelope, nowMs);
  };
};
export default callbackRequests;
