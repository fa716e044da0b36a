import { expect, it } from 'vitest'
import { countryByName, countryOfWaId, marketOfCountry, OTHER_MARKET } from './markets'

it('finds the country of a WhatsApp id by its calling code', () => {
  expect(countryOfWaId('919812345678')).toBe('IN')
  expect(countryOfWaId('+55 (11) 98765-4321')).toBe('BR')
  expect(countryOfWaId('2348012345678')).toBe('NG') // 234 before 23…
  expect(countryOfWaId('8801712345678')).toBe('BD')
  expect(countryOfWaId('447700900123')).toBe('GB')
  // +1: the United States, Canada and the Caribbean by area code.
  expect(countryOfWaId('14155550123')).toBe('US')
  expect(countryOfWaId('16135550123')).toBe('CA')
  expect(countryOfWaId('18765550123')).toBe('JM')
  expect(countryOfWaId('17875550123')).toBe('PR')
  // +7: Russia, and Kazakhstan's 76/77.
  expect(countryOfWaId('79161234567')).toBe('RU')
  expect(countryOfWaId('77011234567')).toBe('KZ')
  expect(countryOfWaId('8881234')).toBeNull() // unassigned code
  expect(countryOfWaId(null)).toBeNull()
})

it('groups countries into Meta’s markets', () => {
  expect(marketOfCountry('IN')).toBe('India')
  expect(marketOfCountry('US')).toBe('North America')
  expect(marketOfCountry('CA')).toBe('North America')
  expect(marketOfCountry('KE')).toBe('Rest of Africa')
  expect(marketOfCountry('JP')).toBe('Rest of Asia Pacific')
  expect(marketOfCountry('PL')).toBe('Rest of Central & Eastern Europe')
  expect(marketOfCountry('EC')).toBe('Rest of Latin America')
  expect(marketOfCountry('QA')).toBe('Rest of Middle East')
  expect(marketOfCountry('SE')).toBe('Rest of Western Europe')
  expect(marketOfCountry('IS')).toBe(OTHER_MARKET)
  expect(marketOfCountry(null)).toBe(OTHER_MARKET)
})

it('reads a country from an ISO code or an English name', () => {
  expect(countryByName('bd')).toBe('BD')
  expect(countryByName(' Bangladesh ')).toBe('BD')
  expect(countryByName('United Arab Emirates')).toBe('AE')
  expect(countryByName('Narnia')).toBeNull()
  expect(countryByName('ZZ')).toBeNull()
})
