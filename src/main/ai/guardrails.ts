import type { Draft, HandoffReason } from '@shared/contract/ai'
import { detectLanguage, UNDETERMINED } from './language'
import { foldDiacritics } from './text-normalise'

/**
 * Guardrails the draft pipeline applies whatever the provider: a customer who asks for a person,
 * or writes about a refund, a payment problem or a legal matter, is handed to a person with a
 * handover message (WhatsApp requires a clear path to a human:
 * https://business.whatsapp.com/policy); a draft below the confidence threshold goes to review.
 * Pure functions: the pipeline calls them before a provider (a handoff never leaves for a remote
 * model) and on its draft.
 */

type Rules = readonly [HandoffReason, RegExp][]

// Patterns run on folded text (lower case, no diacritics). Payment rules name problems and
// disputes ("charged twice", "payment failed", "I paid"), not questions an FAQ answers ("do you
// accept cards?").
const RULES: Readonly<Record<'en' | 'es' | 'pt', Rules>> = {
  en: [
    [
      'human',
      /\b(talk|speak|chat|connect|transfer|put)( me)? (to|with|through to) (a |an |some |the |your |real |live )*(human|person|people|agent|representative|rep|someone|somebody|operator|manager|staff|employee|customer service|support team)\b/,
    ],
    ['human', /\b(real|live|actual) (person|human|agent)\b/],
    [
      'human',
      /\b(i want|i need|i'?d like|can i (get|have)|give me|get me) (a |an |to )?(human|person|agent|representative|operator)\b/,
    ],
    ['human', /\b(human|person|agent|operator|representative) please\b/],
    [
      'legal',
      /\b(lawyers?|attorneys?|solicitors?|lawsuit|legal action|sue|suing|court|litigation|ombudsman|consumer protection|gdpr)\b/,
    ],
    ['refund', /\b(refunds?|refunded|refunding|money back|chargeback|reimburse(ment|d)?)\b/],
    [
      'payment',
      /\b(charged|billed)( me)? (twice|two times|double|again|wrong(ly)?|incorrectly|too much)\b/,
    ],
    ['payment', /\b(double|duplicate|wrong|unauthori[sz]ed|incorrect) (charge|payment|billing)\b/],
    [
      'payment',
      /\bpayment\b.{0,20}\b(failed|declined|rejected|did ?n[o']?t go through|not (gone|go) through|problem|issue|error|missing)\b/,
    ],
    ['payment', /\b(i|we) (already )?(paid|was charged|got charged|have been charged)\b/],
    ['payment', /\bbilling (problem|issue|error|dispute)\b/],
  ],
  es: [
    [
      'human',
      /\b(hablar|comunicarme|comunicar|conversar|chatear)\b.{0,20}\bcon\b.{0,15}\b(persona|humano|agente|asesora?|representante|operadora?|alguien|encargad[oa]|gerente)\b/,
    ],
    ['human', /\bpersona (real|de verdad)\b/],
    [
      'human',
      /\b(quiero|necesito|pasame|paseme|comunicame|comuniqueme)\b.{0,15}\b(humano|persona|agente|asesora?|operadora?)\b/,
    ],
    ['human', /\b(atencion|servicio) al cliente\b/],
    [
      'legal',
      /\b(abogad[oa]s?|demandar(los|les|te)?|accion(es)? legal(es)?|tribunal(es)?|juicio|(poner|presentar|interponer) una (demanda|denuncia)|proteccion al consumidor|profeco)\b/,
    ],
    [
      'refund',
      /\b(reembols(o|os|ar|en|an|arme|enme)|devolucion de(l| mi) dinero|devolver(me)? (el|mi) dinero|mi dinero de vuelta)\b/,
    ],
    [
      'payment',
      /\b(cobraron|cobrasteis|cobraste|cobro|cobran)\b.{0,10}\b(dos veces|doble|de mas|mal)\b/,
    ],
    ['payment', /\bcobros? (doble|duplicado|indebido|incorrecto)\b/],
    [
      'payment',
      /\bpago\b.{0,20}\b(fallo|rechazado|rechazaron|no (paso|se proceso)|problema|error)\b/,
    ],
    ['payment', /\b(ya )?pague\b|\bme cobraron\b|\bproblema con (el|mi) pago\b/],
  ],
  pt: [
    [
      'human',
      /\b(falar|conversar|comunicar)\b.{0,20}\bcom\b.{0,15}\b(pessoa|humano|atendente|agente|representante|operador|alguem|gerente|responsavel)\b/,
    ],
    ['human', /\bpessoa (real|de verdade)\b|\batendimento humano\b/],
    [
      'human',
      /\b(quero|preciso|me passa|me transfere|me transfira)\b.{0,15}\b(humano|pessoa|atendente|agente)\b/,
    ],
    [
      'legal',
      /\b(advogad[oa]s?|processar|processo judicial|acao judicial|procon|juizado|tribunal|juridic[oa])\b/,
    ],
    [
      'refund',
      /\b(reembols(o|ar|em|e)|estorn(o|ar|em|e)|devolucao do (meu )?dinheiro|devolver (o|meu) dinheiro|meu dinheiro de volta)\b/,
    ],
    [
      'payment',
      /\b(cobraram|cobrou|cobrado|cobrada)\b.{0,15}\b(duas vezes|em dobro|a mais|errad[oa]|indevid[oa])\b/,
    ],
    ['payment', /\bcobrancas? (duplicada|indevida|errada)\b/],
    ['payment', /\bpagamento\b.{0,20}\b(falhou|recusado|nao (passou|foi)|problema|erro)\b/],
    ['payment', /\b(ja )?paguei\b|\bme cobraram\b|\bproblema com o (meu )?pagamento\b/],
  ],
}

export const HANDOFF_LANGUAGES = ['en', 'es', 'pt'] as const

export interface HandoffMatch {
  reason: Exclude<HandoffReason, 'model'>
  /** The language whose rule matched. */
  language: (typeof HANDOFF_LANGUAGES)[number]
  /** The words that matched (for the audit and the agent). */
  phrase: string
}

/** The first handoff rule the message meets (a request for a person first), or null. */
export function detectHandoff(text: string): HandoffMatch | null {
  const folded = foldDiacritics(text).replace(/[’`]/g, "'").replace(/\s+/g, ' ')
  const order: readonly HandoffMatch['reason'][] = ['human', 'legal', 'refund', 'payment']
  for (const reason of order) {
    for (const language of HANDOFF_LANGUAGES) {
      for (const [ruleReason, pattern] of RULES[language]) {
        if (ruleReason !== reason) continue
        const match = pattern.exec(folded)
        if (match) return { reason, language, phrase: match[0] }
      }
    }
  }
  return null
}

const HANDOVER: Readonly<Record<string, (team: string | null) => string>> = {
  en: (team) =>
    `Thanks for your message. I'm passing this conversation to ${team ? `a member of the ${team} team` : 'a member of our team'}, who will reply here as soon as possible.`,
  es: (team) =>
    `Gracias por tu mensaje. Paso esta conversación a ${team ? `una persona del equipo de ${team}` : 'una persona de nuestro equipo'}, que te responderá aquí lo antes posible.`,
  pt: (team) =>
    `Obrigado pela sua mensagem. Vou passar esta conversa para ${team ? `uma pessoa da equipe ${team}` : 'uma pessoa da nossa equipe'}, que vai responder aqui o mais rápido possível.`,
  fr: (team) =>
    `Merci pour votre message. Je transmets cette conversation à ${team ? `un membre de l'équipe ${team}` : 'un membre de notre équipe'}, qui vous répondra ici dès que possible.`,
  de: (team) =>
    `Danke für Ihre Nachricht. Ich gebe dieses Gespräch an ${team ? `eine Person aus dem Team von ${team}` : 'eine Person aus unserem Team'} weiter, die Ihnen hier so bald wie möglich antwortet.`,
  it: (team) =>
    `Grazie per il messaggio. Passo questa conversazione a ${team ? `una persona del team ${team}` : 'una persona del nostro team'}, che ti risponderà qui il prima possibile.`,
}

export const HANDOVER_LANGUAGES = Object.keys(HANDOVER)

/** The handover message in `language` (English when there is none in it). */
export function handoverMessage(
  language: string,
  businessName?: string | null,
): { text: string; language: string } {
  const lang = language in HANDOVER ? language : 'en'
  return { text: HANDOVER[lang]!(businessName?.trim() || null), language: lang }
}

/** The language to hand over in: the customer's among those with a handover message. */
export function handoverLanguage(text: string, hint?: string): string {
  if (hint && hint in HANDOVER) return hint
  const detected = detectLanguage(text, HANDOVER_LANGUAGES).language
  return detected === UNDETERMINED ? 'en' : detected
}

/** Below this a draft goes to an agent even under the `auto` policy. */
export const LOW_CONFIDENCE_THRESHOLD = 0.6

export function isLowConfidence(confidence: number, threshold = LOW_CONFIDENCE_THRESHOLD): boolean {
  return !(confidence >= threshold)
}

export type ReviewReason = 'handoff' | 'needs-answer' | 'low-confidence'

/**
 * Why a draft must not go out without an agent, or null when policy alone decides: a handoff
 * (send the handover message and pause the bot), no answer, or low confidence.
 */
export function reviewReason(
  draft: Pick<Draft, 'handoff' | 'needsAnswer' | 'confidence'>,
  threshold = LOW_CONFIDENCE_THRESHOLD,
): ReviewReason | null {
  if (draft.handoff) return 'handoff'
  if (draft.needsAnswer) return 'needs-answer'
  if (isLowConfidence(draft.confidence, threshold)) return 'low-confidence'
  return null
}
