/**
 * The simulated customers: who they are and how they behave (personas.ts drives them). Numbers
 * use real country codes with fictional subscriber parts; BSUIDs follow https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids
 * (ISO-2 prefix + "." + digits).
 */

export type ReplyStyle = 'text' | 'buttons' | 'media' | 'reaction'

export interface Persona {
  id: string
  /** WhatsApp profile name (`contacts[].profile.name`). */
  name: string
  waId: string
  userId: string
  country: string
  /** Meta language code, as a template's `language.code`. */
  language: string
  /** Nominal ms range between receiving a business message and reading it; null = never reads. */
  readDelayMs: [number, number] | null
  /** Chance of answering a message once it has been read. */
  replyProbability: number
  replyStyle: ReplyStyle
  /** Opening lines for conversations the customer starts. */
  openers: string[]
  /** Free-text answers to what the business sends. */
  replies: string[]
  /** Where they are, for location messages. */
  location: { latitude: number; longitude: number; name: string; address: string }
}

export const PERSONAS: readonly Persona[] = [
  {
    id: 'ana-br',
    name: 'Ana Souza',
    waId: '5511987654321',
    userId: 'BR.40211358876621043115',
    country: 'BR',
    language: 'pt_BR',
    readDelayMs: [1_000, 4_000],
    replyProbability: 0.8,
    replyStyle: 'text',
    openers: ['Oi! Vocês entregam em Campinas?', 'Bom dia, meu pedido ainda não chegou.'],
    replies: ['Obrigada!', 'Perfeito, pode ser.', 'Qual é o prazo de entrega?'],
    location: {
      latitude: -23.561414,
      longitude: -46.655881,
      name: 'MASP',
      address: 'Av. Paulista, 1578 - Bela Vista, São Paulo - SP',
    },
  },
  {
    id: 'jonas-de',
    name: 'Jonas Becker',
    waId: '4915123456789',
    userId: 'DE.77310288451920336571',
    country: 'DE',
    language: 'de',
    readDelayMs: [30 * 60_000, 3 * 3600_000],
    replyProbability: 0.3,
    replyStyle: 'text',
    openers: ['Hallo, ist die Jacke noch in Größe M verfügbar?'],
    replies: ['Danke, passt.', 'Können Sie mir eine Rechnung schicken?'],
    location: {
      latitude: 52.520008,
      longitude: 13.404954,
      name: 'Alexanderplatz',
      address: 'Alexanderplatz, 10178 Berlin',
    },
  },
  {
    id: 'priya-in',
    name: 'Priya Sharma',
    waId: '919876543210',
    userId: 'IN.51902377412086650912',
    country: 'IN',
    language: 'en_IN',
    readDelayMs: [2_000, 8_000],
    replyProbability: 0.6,
    replyStyle: 'media',
    openers: ['Hi, I received a damaged item. Sharing a photo.'],
    replies: ['Here is the photo of the box.', 'Please check this.'],
    location: {
      latitude: 12.971599,
      longitude: 77.594566,
      name: 'MG Road',
      address: 'MG Road, Bengaluru, Karnataka 560001',
    },
  },
  {
    id: 'carlos-mx',
    name: 'Carlos Hernández',
    waId: '5215512345678',
    userId: 'MX.26618490033217754409',
    country: 'MX',
    language: 'es_MX',
    readDelayMs: null,
    replyProbability: 0,
    replyStyle: 'text',
    openers: ['Hola, ¿tienen promociones esta semana?'],
    replies: [],
    location: {
      latitude: 19.432608,
      longitude: -99.133209,
      name: 'Zócalo',
      address: 'Plaza de la Constitución, Centro, CDMX',
    },
  },
  {
    id: 'emily-us',
    name: 'Emily Carter',
    waId: '14155550123',
    userId: 'US.13491208655302741918',
    country: 'US',
    language: 'en_US',
    readDelayMs: [2_000, 10_000],
    replyProbability: 1,
    replyStyle: 'buttons',
    openers: ['Hi! Can I change my delivery address?'],
    replies: ['Sounds good, thanks!', 'Can you confirm the total?'],
    location: {
      latitude: 37.484847,
      longitude: -122.148386,
      name: 'Meta HQ',
      address: '1 Hacker Way, Menlo Park, CA 94025',
    },
  },
  {
    id: 'tunde-ng',
    name: 'Tunde Adeyemi',
    waId: '2348031234567',
    userId: 'NG.90124466718203395521',
    country: 'NG',
    language: 'en',
    readDelayMs: [5_000, 60_000],
    replyProbability: 0.7,
    replyStyle: 'reaction',
    openers: ['Good afternoon. I want to place an order.'],
    replies: ['Alright.', 'Thank you.'],
    location: {
      latitude: 6.524379,
      longitude: 3.379206,
      name: 'Lagos Island',
      address: 'Broad Street, Lagos Island, Lagos',
    },
  },
]
