/**
 * Masks the contact details in a customer's words before they leave for a remote model: email
 * addresses become `[email]`, phone numbers `[phone]`. A phone number here is a run of 7–15
 * digits, optionally led by + and split by spaces, dots, dashes or brackets (E.164 allows 15:
 * https://www.itu.int/rec/T-REC-E.164). ISO dates (2026-01-31) and times (8:00–18:00) are not
 * phone numbers; a long order number is masked too (the model cannot look it up anyway).
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}])\+?\(?\d[\d\s().-]{5,22}\d(?![\p{L}\p{N}])/gu
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

export function redactContacts(text: string): string {
  return text.replace(EMAIL, '[email]').replace(PHONE_CANDIDATE, (candidate) => {
    const digits = candidate.replace(/\D/g, '').length
    if (digits < 7 || digits > 15 || ISO_DATE.test(candidate.trim())) return candidate
    return '[phone]'
  })
}
