/**
 * How far each source of people is trusted, field by field (README, "Who owns what"). The
 * organisation file keeps every field no source names: admin, skills, languages, settings.
 */
import type { PersonField, Trust } from "./merge-people";

export type PeopleSourceName = "hr-export" | "slack" | "microsoft365" | "scim";

export const SOURCE_TRUST: Record<PeopleSourceName, Partial<Record<PersonField, Trust>>> = {
  // Where people are hired, moved and leave: what it says of them wins.
  "hr-export": { name: "owns", department: "owns", start_date: "owns", fte: "owns" },
  // The workspace knows each person's account for sure, and their time zone and language as
  // they set them; a name or a user group is only a proposal beside the file's.
  slack: { slack_id: "owns", timezone: "fills", locale: "fills", name: "fills", department: "proposes" },
  // The directory knows each person's Entra object id, their Teams identity; a teams_id the
  // file already holds may be the Bot Framework id of the same person and is kept. Names,
  // departments and languages are as IT keeps them, where the file may know better.
  microsoft365: { teams_id: "fills", name: "fills", department: "proposes", locale: "fills" },
  // The identity provider decides who works here, under which name and in which department
  // (its groups); time zone and language only where the file says nothing.
  scim: { name: "owns", department: "owns", timezone: "fills", locale: "fills" },
};
