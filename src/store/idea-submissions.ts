import { OPEN_STATUSES, type IdeaStatus } from "../domain/idea-lifecycle";
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import type { Platform } from "../generated/prisma/enums";

/*
 * The path every `/idea` takes, in plain SQL: one statement to find candidates for the
 * similar-idea hint and one to record the idea, or, for `/idea <text>`, both in one
 * statement that records the idea only when no open idea shares a term with it. Through
 * Prisma's query builder the same work took eight round trips and most of the CPU under
 * load (bench/RESULTS.md); the rest of the product uses Prisma.
 */

type Client = PrismaClient | Prisma.TransactionClient;

export interface SimilarCandidate {
  id: number;
  title: string;
  status: IdeaStatus;
  terms: string[];
  departmentName: string;
  votes: number;
}

/** How many candidates the similar-idea check scores at most: the newest open ideas sharing a term. */
export const CANDIDATE_LIMIT = 200;

/** The query behind openIdeasSharingTerms, also the first step of recordUnlessTermsShared. */
function sharingTermsQuery(terms: readonly string[], limit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT i.id, i.title, i.status::text AS status, i.search_terms AS terms, d.name AS "departmentName",
           (SELECT count(*) FROM idea_votes v WHERE v.idea_id = i.id)::int AS votes
      FROM ideas i JOIN departments d ON d.id = i.department_id
     WHERE i.status::text = ANY(${[...OPEN_STATUSES]}::text[]) AND i.search_terms && ${[...terms]}::text[]
     ORDER BY i.id DESC
     LIMIT ${limit}`;
}

/** Open ideas sharing at least one search term (GIN index on search_terms). */
export async function openIdeasSharingTerms(prisma: Client, terms: readonly string[], limit = CANDIDATE_LIMIT): Promise<SimilarCandidate[]> {
  if (terms.length === 0) return [];
  return prisma.$queryRaw<SimilarCandidate[]>(sharingTermsQuery(terms, limit));
}

export interface NewIdea {
  title: string;
  problem?: string;
  proposal?: string;
  /** The department named in the form; the proposer's own when absent or unknown. */
  departmentKey?: string;
  proposerId: number;
  proposerDepartmentId: number | null;
  anonymous: boolean;
  sourceMessageUrl?: string;
  searchTerms: readonly string[];
  /** A platform request key: a retry of the same request records nothing. */
  requestKey?: string;
  /** Review channels used when the department has none on a platform. */
  fallback: { slack?: string; teams?: string };
  /** The platforms the review card is posted to. */
  platforms: readonly Platform[];
}

export type RecordedIdea = { id: number; anonymous: boolean; title: string; departmentName: string } | "duplicate" | "no-department";

type RecordRow = {
  id: number | null;
  anonymous: boolean;
  title: string;
  department_name: string | null;
  claimed: boolean;
  candidates?: SimilarCandidate[];
};

/**
 * The statement that records an idea. With `unlessSharing`, it first reads the open ideas
 * sharing a term (as openIdeasSharingTerms) and writes nothing at all (no request key
 * claimed, no idea, no post) when there is any; they come back in `candidates`.
 */
function recordStatement(idea: NewIdea, unlessSharing?: { limit: number }): Prisma.Sql {
  const key = idea.requestKey ?? null;
  const candidates = unlessSharing ? Prisma.sql`candidates AS (${sharingTermsQuery(idea.searchTerms, unlessSharing.limit)}), ` : Prisma.empty;
  const noneShared = unlessSharing ? Prisma.sql` AND NOT EXISTS (SELECT 1 FROM candidates)` : Prisma.empty;
  const returned = unlessSharing
    ? Prisma.sql`, (SELECT COALESCE(jsonb_agg(to_jsonb(c) ORDER BY c.id DESC), '[]'::jsonb) FROM candidates c) AS candidates`
    : Prisma.empty;
  return Prisma.sql`
    WITH ${candidates}claim AS (
      INSERT INTO processed_requests (key) SELECT ${key}::text WHERE ${key}::text IS NOT NULL${noneShared}
      ON CONFLICT (key) DO NOTHING RETURNING key
    ), department AS (
      SELECT id, name, slack_channel, teams_channel FROM departments
       WHERE id = COALESCE((SELECT id FROM departments WHERE key = ${idea.departmentKey ?? null}::text AND active), ${idea.proposerDepartmentId}::int)
    ), at AS (
      -- Timestamps are UTC without zone, as Prisma writes them, whatever the server's zone.
      SELECT timezone('UTC', now()) AS now
    ), new_idea AS (
      INSERT INTO ideas (title, problem, proposal, department_id, proposer_id, anonymous, source_message_url, search_terms,
                         status_changed_at, created_at, updated_at)
      SELECT ${idea.title}, ${idea.problem ?? null}, ${idea.proposal ?? null}, department.id, ${idea.proposerId}, ${idea.anonymous},
             ${idea.sourceMessageUrl ?? null}, ${[...idea.searchTerms]}::text[], at.now, at.now, at.now
        FROM department, at
       WHERE (${key}::text IS NULL OR EXISTS (SELECT 1 FROM claim))${noneShared}
      RETURNING id, anonymous, title
    ), first_event AS (
      INSERT INTO idea_events (idea_id, actor_id, to_status, created_at) SELECT id, ${idea.proposerId}, 'SUBMITTED', at.now FROM new_idea, at
    ), review_posts AS (
      INSERT INTO outbox_messages (platform, dedupe_key, target, payload, next_attempt_at, created_at)
      SELECT p.platform::"Platform", p.platform || ':idea:' || new_idea.id || ':review', p.channel,
             jsonb_build_object('kind', 'post-live', 'to', jsonb_build_object('channel', p.channel),
                                'view', jsonb_build_object('subject', 'idea', 'id', new_idea.id, 'purpose', 'review')),
             at.now, at.now
        FROM new_idea, department, at,
             LATERAL (VALUES ('SLACK', COALESCE(department.slack_channel, ${idea.fallback.slack ?? null}::text)),
                             ('TEAMS', COALESCE(department.teams_channel, ${idea.fallback.teams ?? null}::text)),
                             -- The web shows each channel as named on Slack, else on Teams (channelOn).
                             ('WEB', COALESCE(department.slack_channel, department.teams_channel,
                                              ${idea.fallback.slack ?? null}::text, ${idea.fallback.teams ?? null}::text))) AS p(platform, channel)
       WHERE p.channel IS NOT NULL AND p.platform = ANY(${[...idea.platforms]}::text[])
      ON CONFLICT (dedupe_key) DO NOTHING
    )
    SELECT new_idea.id, new_idea.anonymous, new_idea.title, department.name AS department_name,
           (${key}::text IS NULL OR EXISTS (SELECT 1 FROM claim)) AS claimed${returned}
      FROM (SELECT 1) AS one
      LEFT JOIN department ON true
      LEFT JOIN new_idea ON true`;
}

function recordedOf(row: RecordRow | undefined): RecordedIdea {
  if (!row?.claimed) return "duplicate";
  if (row.id === null || row.department_name === null) return "no-department";
  return { id: row.id, anonymous: row.anonymous, title: row.title, departmentName: row.department_name };
}

/**
 * Records a submitted idea with its first event and its review posts (outbox rows that
 * render the idea's card when sent), atomically, in one statement.
 */
export async function recordSubmittedIdea(prisma: Client, idea: NewIdea): Promise<RecordedIdea> {
  const rows = await prisma.$queryRaw<RecordRow[]>(recordStatement(idea));
  return recordedOf(rows[0]);
}

/**
 * The similar-idea check and the record in one round trip, for the usual case of an idea no
 * open idea shares a term with: in one statement, the open ideas sharing a term are read
 * and, only when there is none, the idea is recorded as recordSubmittedIdea records it.
 * Otherwise nothing is written and the candidates come back, for the caller to score and,
 * when none is similar enough, to record the idea with recordSubmittedIdea.
 */
export async function recordUnlessTermsShared(
  prisma: Client,
  idea: NewIdea,
  limit = CANDIDATE_LIMIT,
): Promise<RecordedIdea | { candidates: SimilarCandidate[] }> {
  if (idea.searchTerms.length === 0) return recordSubmittedIdea(prisma, idea);
  const rows = await prisma.$queryRaw<RecordRow[]>(recordStatement(idea, { limit }));
  const candidates = rows[0]?.candidates ?? [];
  if (candidates.length > 0) return { candidates };
  return recordedOf(rows[0]);
}
