CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dossier_id" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"kind" text NOT NULL,
	"audience" text NOT NULL,
	"unit_code" text NOT NULL,
	"payload" jsonb NOT NULL,
	"due_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "dossier_events" ADD COLUMN "actor_id" text;--> statement-breakpoint
ALTER TABLE "dossier_events" ADD COLUMN "actor_role" text;--> statement-breakpoint
ALTER TABLE "dossier_events" ADD COLUMN "unit_code" text;--> statement-breakpoint
ALTER TABLE "dossier_events" ADD COLUMN "from_status" "dossier_status";--> statement-breakpoint
ALTER TABLE "dossier_events" ADD COLUMN "to_status" "dossier_status";--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "appointment_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "overdue" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "timeliness" text;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "returned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "return_channel" text;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "view" jsonb;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dossier_key" ON "notifications" USING btree ("dossier_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "dossiers_procedure_idx" ON "dossiers" USING btree ("procedure_code","status");