CREATE TABLE "dossier_documents" (
	"dossier_id" text NOT NULL,
	"position" integer NOT NULL,
	"component_code" text NOT NULL,
	"name" text NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"media_type" text NOT NULL,
	"source" text NOT NULL,
	"warehouse_item_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dossier_documents_dossier_id_position_pk" PRIMARY KEY("dossier_id","position")
);
--> statement-breakpoint
CREATE TABLE "dossier_submissions" (
	"dossier_id" text PRIMARY KEY NOT NULL,
	"applicant_identifier" text NOT NULL,
	"request_digest" text NOT NULL,
	"warehouse_consent" boolean DEFAULT false NOT NULL,
	"components_placed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warehouse_items" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_identifier" text NOT NULL,
	"origin" text NOT NULL,
	"component_code" text,
	"result_id" text,
	"dossier_id" text NOT NULL,
	"name" text NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"media_type" text NOT NULL,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "result_documents" (
	"id" text PRIMARY KEY NOT NULL,
	"dossier_id" text NOT NULL,
	"unit_code" text NOT NULL,
	"key_id" text NOT NULL,
	"name" text NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"media_type" text NOT NULL,
	"statement" text NOT NULL,
	"signature" text NOT NULL,
	"signed_by" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"key_id" text PRIMARY KEY NOT NULL,
	"unit_code" text NOT NULL,
	"algorithm" text NOT NULL,
	"public_key_pem" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dossier_documents_sha256_idx" ON "dossier_documents" USING btree ("dossier_id","sha256");--> statement-breakpoint
CREATE INDEX "dossier_submissions_applicant_idx" ON "dossier_submissions" USING btree ("applicant_identifier");--> statement-breakpoint
CREATE INDEX "warehouse_items_owner_idx" ON "warehouse_items" USING btree ("owner_identifier","placed_at");--> statement-breakpoint
CREATE INDEX "result_documents_dossier_idx" ON "result_documents" USING btree ("dossier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "signing_keys_unit_key" ON "signing_keys" USING btree ("unit_code");