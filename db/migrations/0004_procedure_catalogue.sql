CREATE TYPE "public"."procedure_version_status" AS ENUM('draft', 'published', 'superseded', 'withdrawn');--> statement-breakpoint
CREATE TABLE "dossier_procedure_versions" (
	"dossier_id" text PRIMARY KEY NOT NULL,
	"procedure_code" text NOT NULL,
	"version" integer NOT NULL,
	"request_digest" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procedure_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "procedure_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"actor" text NOT NULL,
	"definition_sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procedure_versions" (
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"status" "procedure_version_status" NOT NULL,
	"origin" text NOT NULL,
	"based_on" integer,
	"definition" jsonb NOT NULL,
	"definition_sha256" text NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"field_key" text NOT NULL,
	"search_text" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text,
	"published_at" timestamp with time zone,
	"retired_by" text,
	"retired_at" timestamp with time zone,
	CONSTRAINT "procedure_versions_code_version_pk" PRIMARY KEY("code","version")
);
--> statement-breakpoint
CREATE TABLE "procedures" (
	"code" text PRIMARY KEY NOT NULL,
	"origin" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"seed_sha256" text
);
--> statement-breakpoint
ALTER TABLE "procedure_versions" ADD CONSTRAINT "procedure_versions_code_procedures_code_fk" FOREIGN KEY ("code") REFERENCES "public"."procedures"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "procedure_changes_code_idx" ON "procedure_changes" USING btree ("code","version","id");--> statement-breakpoint
CREATE UNIQUE INDEX "procedure_versions_one_published_key" ON "procedure_versions" USING btree ("code") WHERE "procedure_versions"."status" = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "procedure_versions_one_draft_key" ON "procedure_versions" USING btree ("code") WHERE "procedure_versions"."status" = 'draft';--> statement-breakpoint
CREATE INDEX "procedure_versions_status_level_idx" ON "procedure_versions" USING btree ("status","level","code");--> statement-breakpoint
CREATE INDEX "procedure_versions_status_field_idx" ON "procedure_versions" USING btree ("status","field_key","code");