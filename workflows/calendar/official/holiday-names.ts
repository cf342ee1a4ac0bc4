/**
 * Names of a country's public holidays in the languages Baton speaks where date-holidays has none (it names most of
 * Russia's holidays only in Russian), keyed by country and by date-holidays' rule for the holiday, which is the same
 * in every language. A Polish or Czech reader of a Moscow team's calendar reads the holiday in their language.
 */
export const HOLIDAY_NAMES: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>> = {
  RU: {
    '01-01': { en: "New Year's Day", pl: 'Nowy Rok', cs: 'Nový rok' },
    '01-02 P5D': { en: 'New Year holidays', pl: 'Ferie noworoczne', cs: 'Novoroční svátky' },
    '01-08': { en: 'New Year holidays', pl: 'Ferie noworoczne', cs: 'Novoroční svátky' },
    'julian 12-25': { en: 'Orthodox Christmas', pl: 'Prawosławne Boże Narodzenie', cs: 'Pravoslavné Vánoce' },
    '02-23': { en: 'Defender of the Fatherland Day', pl: 'Dzień Obrońcy Ojczyzny', cs: 'Den obránců vlasti' },
    '03-08 and if sunday then next monday': {
      en: "International Women's Day",
      pl: 'Międzynarodowy Dzień Kobiet',
      cs: 'Mezinárodní den žen',
    },
    '05-01': { en: 'Spring and Labour Day', pl: 'Święto Wiosny i Pracy', cs: 'Svátek jara a práce' },
    '05-09': { en: 'Victory Day', pl: 'Dzień Zwycięstwa', cs: 'Den vítězství' },
    '06-12': { en: 'Russia Day', pl: 'Dzień Rosji', cs: 'Den Ruska' },
    '11-04': { en: 'Unity Day', pl: 'Dzień Jedności Narodowej', cs: 'Den národní jednoty' },
  },
};

/** The holiday's name in `language` from {@link HOLIDAY_NAMES}, or undefined to keep date-holidays' own. */
export function holidayName(country: string, rule: string, language: string | undefined): string | undefined {
  return language === undefined ? undefined : HOLIDAY_NAMES[country]?.[rule]?.[language];
}
