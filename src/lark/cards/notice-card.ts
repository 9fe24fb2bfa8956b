import { card, markdown, t, type Bilingual, type Card, type HeaderColour } from './card-kit';

/** A short message card: a refusal, a confirmation, a "not found". */
export function noticeCard(title: Bilingual, body: Bilingual, colour: HeaderColour = 'blue'): Card {
  return card({ title, colour, elements: [markdown(body)] });
}

/** For someone the roster does not know: whom to contact, and nothing else. */
export function strangerCard(adminNames: string[]): Card {
  const who = adminNames.length > 0 ? adminNames.join('、') : '';
  return noticeCard(
    t('您还不在引航名单中', 'You are not on the Yinhang roster yet'),
    t(
      `您好！“导师引航”目前只对名册中的干部开放，您的飞书账号还没有登记。${who ? `请联系组织部（${who}）把您加入名册。` : '请联系所在单位的组织委员把您加入名册。'}`,
      `Hello! Yinhang is open to the cadres on the program roster, and your Lark account is not on it yet. ${who ? `Please ask the organisation department (${who}) to add you.` : 'Please ask your unit\'s organisation officer to add you.'}`,
    ),
    'orange',
  );
}
