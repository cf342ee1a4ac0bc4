import { problemText } from '../api/api';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessCalendar, CalendarContext, WeekdayHours } from '../../../workflows/calendar';
import { useNonWorkingReason } from '../calendar/non-working-day';
import { IcsImport } from './ics-import';
import { nonBusinessReason } from '../../../workflows/calendar/business-time';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Countries and their regions as date-holidays names them, in the reader's language (loaded on demand). */
function useHolidayRegions(country: string, language: string) {
  return useQuery({
    queryKey: ['holiday-regions', country, language],
    queryFn: async () => {
      const { default: Holidays } = await import('date-holidays');
      const holidays = new Holidays();
      const countries = holidays.getCountries(language);
      const regions = holidays.getStates(country, language) ?? {};
      // date-holidays names a country in its own language when it lacks the reader's; the browser knows them all.
      const names = new Intl.DisplayNames([language], { type: 'region' });
      const nameOf = (code: string, fallback: string) => {
        try {
          return names.of(code) ?? fallback;
        } catch {
          return fallback;
        }
      };
      return {
        countries: Object.entries(countries)
          .map(([value, label]) => ({ value, label: `${nameOf(value, label)} (${value})` }))
          .sort((a, b) => a.label.localeCompare(b.label, language)),
        regions: Object.entries(regions)
          .map(([value, label]) => ({ value, label: `${label} (${country}-${value})` }))
          .sort((a, b) => a.label.localeCompare(b.label, language)),
      };
    },
    staleTime: Infinity,
  });
}

/** The calendar with defaults filled in; every field it came with (shown here or not) is kept for the save. */
export function calendarDraft(initial: Partial<BusinessCalendar> | undefined, teamName: string): BusinessCalendar {
  return {
    id: teamName.toLowerCase().replace(/[^a-z0-9]+/g, '-') || 'team',
    name: teamName,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    country: 'PL',
    weekendDays: [6, 7],
    companyDaysOff: [],
    extraWorkingDays: [],
    workingHours: { start: '09:00', end: '17:00' },
    ...initial,
  };
}

/**
 * A team's business calendar: holiday country and region, time zone, weekend days, working hours, company days off
 * and extra working days, with the year's non-working days and why. Saving sends the whole calendar it was given,
 * changed only where edited, so nothing the form does not show is lost.
 */
export function CalendarEditor({
  initial,
  teamName,
  saving,
  onSave,
}: {
  initial: Partial<BusinessCalendar> | undefined;
  teamName: string;
  saving: boolean;
  onSave: (calendar: BusinessCalendar) => void;
}) {
  const { t, i18n } = useTranslation();
  const [calendar, setCalendar] = useState<BusinessCalendar>(() => calendarDraft(initial, teamName));
  const regions = useHolidayRegions(calendar.country, i18n.language);
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  const set = <K extends keyof BusinessCalendar>(key: K, value: BusinessCalendar[K]) =>
    setCalendar((current) => ({ ...current, [key]: value }));

  return (
    <Stack gap="xs" mt="xs" data-testid={`calendar-editor-${calendar.id}`}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs">
        <Select
          label={t('admin.country')}
          searchable
          allowDeselect={false}
          data={regions.data?.countries ?? [{ value: calendar.country, label: calendar.country }]}
          value={calendar.country}
          onChange={(country) => {
            if (!country) return;
            // A region belongs to one country: another country starts without one.
            setCalendar(({ region: _region, ...current }) => ({ ...current, country }));
          }}
          data-testid="calendar-country"
        />
        <Select
          label={t('admin.region')}
          placeholder={t('admin.regionNone')}
          searchable
          clearable
          disabled={(regions.data?.regions.length ?? 0) === 0 && calendar.region === undefined}
          data={regions.data?.regions ?? []}
          value={calendar.region ?? null}
          onChange={(region) =>
            setCalendar(({ region: _region, ...current }) => (region ? { ...current, region } : current))
          }
          data-testid="calendar-region"
        />
        <Select
          label={t('admin.timeZone')}
          searchable
          allowDeselect={false}
          data={zones.includes(calendar.timeZone) ? zones : [calendar.timeZone, ...zones]}
          value={calendar.timeZone}
          onChange={(zone) => zone && set('timeZone', zone)}
        />
        <MultiSelect
          label={t('admin.weekend')}
          data={WEEKDAYS.map((day) => ({ value: String(day), label: t(`weekdays.${day}`) }))}
          value={calendar.weekendDays.map(String)}
          onChange={(days) =>
            set(
              'weekendDays',
              days.map(Number).sort((a, b) => a - b)
            )
          }
        />
        <Group grow>
          <TextInput
            label={t('admin.workStart')}
            placeholder="09:00"
            value={calendar.workingHours.start}
            onChange={(event) => set('workingHours', { ...calendar.workingHours, start: event.currentTarget.value })}
          />
          <TextInput
            label={t('admin.workEnd')}
            placeholder="17:00"
            value={calendar.workingHours.end}
            onChange={(event) => set('workingHours', { ...calendar.workingHours, end: event.currentTarget.value })}
          />
        </Group>
      </SimpleGrid>
      <WeekdayHoursList
        calendar={calendar}
        onChange={(list) =>
          // An empty list is dropped, so a calendar that never had other weekday hours is saved as it came.
          setCalendar(({ weekdayHours: _hours, ...current }) =>
            list.length > 0 || initial?.weekdayHours !== undefined ? { ...current, weekdayHours: list } : current
          )
        }
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <DayList
          label={t('admin.companyDaysOff')}
          days={calendar.companyDaysOff}
          onChange={(days) =>
            // A day taken off the list takes its name with it; the names of the days kept stay.
            setCalendar(({ companyDayNames, ...current }) => {
              const names = Object.entries(companyDayNames ?? {}).filter(([date]) => days.includes(date));
              return {
                ...current,
                companyDaysOff: days,
                ...(names.length > 0 ? { companyDayNames: Object.fromEntries(names) } : {}),
              };
            })
          }
          testId="calendar-days-off"
        />
        <DayList
          label={t('admin.extraWorkingDays')}
          days={calendar.extraWorkingDays}
          onChange={(days) => set('extraWorkingDays', days)}
          testId="calendar-working-days"
        />
      </SimpleGrid>
      <Group justify="space-between">
        <IcsImport calendar={calendar} onImport={setCalendar} />
        <Button loading={saving} onClick={() => onSave(calendar)} data-testid="calendar-save">
          {t('admin.saveCalendar')}
        </Button>
      </Group>
      <YearView calendar={calendar} />
    </Stack>
  );
}

/** Weekdays with their own working hours (a short Friday): one row each, added and removed here. */
function WeekdayHoursList({
  calendar,
  onChange,
}: {
  calendar: BusinessCalendar;
  onChange: (list: WeekdayHours[]) => void;
}) {
  const { t } = useTranslation();
  const list = calendar.weekdayHours ?? [];
  const free = WEEKDAYS.filter((day) => !list.some((hours) => hours.weekday === day));
  // Friday first: the usual short day; otherwise the first working weekday without its own hours.
  const next =
    free.find((day) => day === 5 && !calendar.weekendDays.includes(day)) ??
    free.find((day) => !calendar.weekendDays.includes(day)) ??
    free[0];
  const update = (index: number, change: Partial<WeekdayHours>) =>
    onChange(list.map((hours, at) => (at === index ? { ...hours, ...change } : hours)));
  return (
    <Paper withBorder p="xs" data-testid="calendar-weekday-hours">
      <Text size="sm" fw={500} mb={4}>
        {t('admin.weekdayHours')}
      </Text>
      {list.length === 0 && (
        <Text size="sm" c="dimmed" mb={6}>
          {t('admin.weekdayHoursNone')}
        </Text>
      )}
      <Stack gap={6} mb={6}>
        {list.map((hours, index) => (
          <Group key={hours.weekday} gap="xs" align="flex-end" data-testid={`weekday-hours-${hours.weekday}`}>
            <Select
              label={t('admin.weekdayHoursDay')}
              allowDeselect={false}
              w={{ base: '100%', sm: 'auto' }}
              style={{ flexGrow: 2 }}
              data={WEEKDAYS.filter((day) => day === hours.weekday || free.includes(day)).map((day) => ({
                value: String(day),
                label: t(`weekdays.${day}`),
              }))}
              value={String(hours.weekday)}
              onChange={(day) => day && update(index, { weekday: Number(day) })}
            />
            <TextInput
              label={t('admin.workStart')}
              style={{ flex: 1, minWidth: 90 }}
              value={hours.start}
              onChange={(event) => update(index, { start: event.currentTarget.value })}
            />
            <TextInput
              label={t('admin.workEnd')}
              style={{ flex: 1, minWidth: 90 }}
              value={hours.end}
              onChange={(event) => update(index, { end: event.currentTarget.value })}
            />
            <ActionIcon
              variant="subtle"
              mb={4}
              aria-label={t('admin.removeWeekdayHours', { day: t(`weekdays.${hours.weekday}`) })}
              onClick={() => onChange(list.filter((_, at) => at !== index))}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
      </Stack>
      {next !== undefined && (
        <Button
          variant="light"
          size="compact-sm"
          h="auto"
          mih={26}
          styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
          onClick={() =>
            onChange([...list, { weekday: next, ...calendar.workingHours }].sort((a, b) => a.weekday - b.weekday))
          }
          data-testid="weekday-hours-add"
        >
          {t('admin.addWeekdayHours')}
        </Button>
      )}
    </Paper>
  );
}

function formatDay(isoDate: string, locale: string) {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${isoDate}T12:00:00Z`));
}

/** A list of calendar days with a picker to add one and a button to remove each. */
function DayList({
  label,
  days,
  onChange,
  testId,
}: {
  label: string;
  days: readonly string[];
  onChange: (days: string[]) => void;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Paper withBorder p="xs" data-testid={testId}>
      <Text size="sm" fw={500} mb={4}>
        {label}
      </Text>
      <Group gap={6} mb={6}>
        {days.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('admin.noDays')}
          </Text>
        )}
        {days.map((day) => (
          <Badge
            key={day}
            variant="light"
            tt="none"
            size="lg"
            rightSection={
              <ActionIcon
                size="xs"
                variant="transparent"
                aria-label={t('admin.removeDay', { date: formatDay(day, i18n.language) })}
                onClick={() => onChange(days.filter((other) => other !== day))}
              >
                ×
              </ActionIcon>
            }
          >
            {formatDay(day, i18n.language)}
          </Badge>
        ))}
      </Group>
      <DateInput
        aria-label={`${label}: ${t('admin.addDay')}`}
        placeholder={t('admin.addDay')}
        valueFormat="LL"
        value={null}
        onChange={(value) => {
          const day = value?.slice(0, 10);
          if (day && !days.includes(day)) onChange([...days, day].sort());
        }}
      />
    </Paper>
  );
}

/** Every day of a year that is not a working day only because of a holiday, a company rule or a decree, and why. */
function YearView({ calendar }: { calendar: BusinessCalendar }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <Paper withBorder p="xs" data-testid="calendar-year">
      <Button
        variant="subtle"
        size="compact-sm"
        onClick={() => setOpened((open) => !open)}
        aria-expanded={opened}
        data-testid="calendar-year-toggle"
      >
        {t(opened ? 'admin.hideYear' : 'admin.showYear')}
      </Button>
      {opened && <YearDays calendar={calendar} />}
    </Paper>
  );
}

function YearDays({ calendar }: { calendar: BusinessCalendar }) {
  const { t, i18n } = useTranslation();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const context = useQuery({
    queryKey: ['calendar-year', calendar, year, i18n.language],
    queryFn: async () => {
      const { resolveCalendarContext } = await import('../../../workflows/calendar/holidays');
      return resolveCalendarContext(calendar, year, year, { language: i18n.language });
    },
    retry: false,
  });
  const rows = useMemo(() => {
    const ctx = context.data;
    if (!ctx) return [];
    const list: { date: string; reason: string; off: boolean }[] = [];
    for (
      let day = new Date(Date.UTC(year, 0, 1));
      day.getUTCFullYear() === year;
      day.setUTCDate(day.getUTCDate() + 1)
    ) {
      const date = day.toISOString().slice(0, 10);
      const weekend = calendar.weekendDays.includes(((day.getUTCDay() + 6) % 7) + 1);
      const why = nonBusinessReason(ctx, date);
      if (why && why.reason !== 'weekend') {
        list.push({
          date,
          off: true,
          reason:
            why.reason === 'publicHoliday'
              ? (why.name ?? t('admin.holiday'))
              : why.name
                ? t('nonWorking.companyDayOffNamed', { name: why.name })
                : t('admin.companyDayOffReason'),
        });
      } else if (!why && weekend) {
        list.push({ date, off: false, reason: ctx.officialWorkingDays?.[date] ?? t('admin.extraWorkingDayReason') });
      }
    }
    return list;
  }, [context.data, calendar.weekendDays, year, t]);

  return (
    <>
      <Group justify="space-between" my={4}>
        <Text size="sm" fw={500}>
          {t('admin.yearView', {
            weekend: calendar.weekendDays.map((day) => t(`weekdays.${day}`)).join(', ') || '—',
          })}
        </Text>
        <SegmentedControl
          size="xs"
          value={String(year)}
          onChange={(value) => setYear(Number(value))}
          data={[thisYear, thisYear + 1].map(String)}
        />
      </Group>
      {context.error && <Alert color="red">{problemText(t, context.error)}</Alert>}
      {context.data && <YearGrid ctx={context.data} year={year} />}
      <Table.ScrollContainer minWidth={320}>
        <Table striped>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.date}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(row.date, i18n.language)}</Table.Td>
                <Table.Td>
                  <Badge color={row.off ? 'red' : 'teal'} variant="light" tt="none" mr={6}>
                    {row.off ? t('admin.dayOff') : t('admin.workingDay')}
                  </Badge>
                  {row.reason}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

const DAY_COLORS = {
  weekend: 'var(--mantine-color-gray-2)',
  publicHoliday: 'var(--mantine-color-red-2)',
  companyDayOff: 'var(--mantine-color-orange-2)',
  extraWorkingDay: 'var(--mantine-color-teal-1)',
} as const;

/** Twelve small months, every non-working day shaded by its reason (named on hover), worked weekend days in green. */
function YearGrid({ ctx, year }: { ctx: CalendarContext; year: number }) {
  const { t, i18n } = useTranslation();
  const reasonOf = useNonWorkingReason();
  const monthName = new Intl.DateTimeFormat(i18n.language, { month: 'long', timeZone: 'UTC' });
  const weekdayName = new Intl.DateTimeFormat(i18n.language, { weekday: 'narrow', timeZone: 'UTC' });
  // 2024-01-01 was a Monday: the column heads, Monday first.
  const heads = Array.from({ length: 7 }, (_, index) => weekdayName.format(new Date(Date.UTC(2024, 0, 1 + index))));
  const legend = [
    ['weekend', t('admin.weekend')],
    ['publicHoliday', t('admin.holiday')],
    ['companyDayOff', t('admin.companyDayOffReason')],
    ['extraWorkingDay', t('admin.extraWorkingDayReason')],
  ] as const;
  return (
    <>
      <Group gap="sm" mt="xs">
        {legend.map(([reason, label]) => (
          <Group key={reason} gap={4} wrap="nowrap">
            <div style={{ width: 12, height: 12, borderRadius: 3, background: DAY_COLORS[reason] }} />
            <Text size="xs">{label}</Text>
          </Group>
        ))}
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing="sm" my="xs" data-testid="calendar-year-grid">
        {Array.from({ length: 12 }, (_, month) => {
          const first = new Date(Date.UTC(year, month, 1));
          const length = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
          const blank = (first.getUTCDay() + 6) % 7;
          return (
            <div key={month}>
              <Text size="xs" fw={600} tt="capitalize">
                {monthName.format(first)}
              </Text>
              <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 1, fontSize: 11 }}>
                {heads.map((head, index) => (
                  <div key={`h${index}`} style={{ textAlign: 'center', color: 'var(--mantine-color-dimmed)' }}>
                    {head}
                  </div>
                ))}
                {Array.from({ length: blank }, (_, index) => (
                  <div key={`b${index}`} />
                ))}
                {Array.from({ length }, (_, index) => {
                  const date = `${year}-${String(month + 1).padStart(2, '0')}-${String(index + 1).padStart(2, '0')}`;
                  const off = nonBusinessReason(ctx, date);
                  const weekday = ((first.getUTCDay() + index + 6) % 7) + 1;
                  const worked = !off && ctx.calendar.weekendDays.includes(weekday);
                  const label = off
                    ? reasonOf(off)
                    : worked
                      ? (ctx.officialWorkingDays?.[date] ?? t('admin.extraWorkingDayReason'))
                      : undefined;
                  return (
                    <div
                      key={date}
                      title={label}
                      aria-label={label ? `${index + 1}: ${label}` : undefined}
                      data-testid={label ? `year-day-${date}` : undefined}
                      data-reason={off?.reason ?? (worked ? 'extraWorkingDay' : undefined)}
                      style={{
                        textAlign: 'center',
                        borderRadius: 3,
                        background: off ? DAY_COLORS[off.reason] : worked ? DAY_COLORS.extraWorkingDay : undefined,
                        fontWeight: off && off.reason !== 'weekend' ? 700 : undefined,
                      }}
                    >
                      {index + 1}
                    </div>
                  );
                })}
              </div>
            </div>
          );
        })}
      </SimpleGrid>
    </>
  );
}
