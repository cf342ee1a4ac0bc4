import { Avatar, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Assignee } from '../../../workflows/template';
import { api, ok } from '../api/api';
import { STAFF, useSession } from '../session/session';

/** Names by id of the people and teams the signed-in user may list (the API lists people to staff only). */
export interface Directory {
  person: (id: string) => { name: string; role?: string } | undefined;
  team: (id: string) => string | undefined;
}

/**
 * Names a page already knows (a process lists the people it mentions), for readers the API does not list people
 * to (assistants, observers): a diagram shown inside it names them too.
 */
export const KnownNames = createContext<Readonly<Record<string, string>>>({});

export function usePeopleDirectory(): Directory {
  const known = useContext(KnownNames);
  const role = useSession().data?.role;
  const staff = role !== undefined && STAFF.includes(role);
  const people = useQuery({
    enabled: staff,
    queryKey: ['people'],
    queryFn: () => ok(api.api.users.$get({ query: { limit: '200' } })),
    staleTime: 60_000,
  });
  const teams = useQuery({
    enabled: role !== undefined,
    queryKey: ['teams'],
    queryFn: () => ok(api.api.teams.$get()),
    staleTime: 60_000,
  });
  // One object while what it knows is the same, so the canvas can hand it to every card through a context.
  const listed = people.data?.items;
  const teamList = teams.data;
  return useMemo(
    () => ({
      person: (id) => {
        const found = listed?.find((person) => person.id === id);
        const name = known[id];
        return found ?? (name === undefined ? undefined : { name });
      },
      team: (id) => teamList?.find((team) => team.id === id)?.name,
    }),
    [listed, teamList, known]
  );
}

/** "Anna Nowak" → "AN": what an avatar shows. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words.at(-1)] : [words[0]];
  return letters
    .map((word) => word?.[0] ?? '')
    .join('')
    .toLocaleUpperCase();
}

/** A person or team as a person reads it: initials and name. */
export function NameChip({ name, team = false }: { name: string; team?: boolean }) {
  return (
    <Group
      gap={4}
      wrap="nowrap"
      component="span"
      style={{ display: 'inline-flex', verticalAlign: 'middle', flexShrink: 0, maxWidth: '100%' }}
    >
      <Avatar size={16} radius="xl" color={team ? 'grape' : 'blue'} component="span">
        {initials(name)}
      </Avatar>
      <Text span size="xs" c="dark" lineClamp={1}>
        {name}
      </Text>
    </Group>
  );
}

/**
 * Who an assignee is, by name: a person or team from the directory, a person parameter by its label, the starter
 * in words. An id the directory does not know is never shown; it reads "a person" / "a team".
 */
export function assigneeLabel(
  t: TFunction,
  assignee: Assignee | undefined,
  directory: Directory,
  parameterLabel: (name: string) => string | undefined
): ReactNode {
  if (!assignee) return undefined;
  switch (assignee.kind) {
    case 'person': {
      if (assignee.personId === '') return undefined;
      const person = directory.person(assignee.personId);
      return <NameChip name={person?.name ?? t('build.somePerson')} />;
    }
    case 'team': {
      if (assignee.teamId === '') return undefined;
      return <NameChip team name={directory.team(assignee.teamId) ?? t('build.someTeam')} />;
    }
    case 'parameter':
      return t('build.fromParameter', { name: parameterLabel(assignee.name) ?? assignee.name });
    case 'starter':
      return t('assignee.starter');
  }
}
