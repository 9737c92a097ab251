CREATE TYPE "public"."dossier_status" AS ENUM('SUBMITTED', 'AWAITING_RECEPTION_CHECK', 'ACCEPTED', 'SUPPLEMENT_REQUESTED', 'REFUSED_AT_RECEPTION', 'IN_HANDLING', 'PAUSED', 'RESULT_READY', 'REFUSED_TO_RESOLVE', 'RESULT_RETURNED', 'RATED', 'WITHDRAWN');--> statement-breakpoint
CREATE TABLE "dossier_events" (
	"dossier_id" text NOT NULL,
	"sequence" integer NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dossier_events_dossier_id_sequence_pk" PRIMARY KEY("dossier_id","sequence")
);
--> statement-breakpoint
CREATE TABLE "dossiers" (
	"id" text PRIMARY KEY NOT NULL,
	"dossier_code" text,
	"procedure_code" text NOT NULL,
	"unit_code" text NOT NULL,
	"status" "dossier_status" NOT NULL,
	"channel" text NOT NULL,
	"applicant" jsonb NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"official_receipt_at" timestamp with time zone,
	"reception_check_due_at" timestamp with time zone,
	"overdue_at_reception" boolean DEFAULT false NOT NULL,
	"accepted_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"calendar_version" text,
	"request_digest" text NOT NULL,
	"last_sequence" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_code_counters" (
	"unit_code" text NOT NULL,
	"issue_date" date NOT NULL,
	"last_number" integer NOT NULL,
	CONSTRAINT "dossier_code_counters_unit_code_issue_date_pk" PRIMARY KEY("unit_code","issue_date")
);
--> statement-breakpoint
CREATE TABLE "dossier_codes" (
	"dossier_id" text PRIMARY KEY NOT NULL,
	"unit_code" text NOT NULL,
	"issue_date" date NOT NULL,
	"number" integer NOT NULL,
	"code" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dossier_events" ADD CONSTRAINT "dossier_events_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dossiers_dossier_code_key" ON "dossiers" USING btree ("dossier_code");--> statement-breakpoint
CREATE INDEX "dossiers_unit_status_due_idx" ON "dossiers" USING btree ("unit_code","status","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_codes_code_key" ON "dossier_codes" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_codes_unit_day_number_key" ON "dossier_codes" USING btree ("unit_code","issue_date","number");