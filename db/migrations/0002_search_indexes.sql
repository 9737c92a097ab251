DROP INDEX "dossiers_unit_status_due_idx";--> statement-breakpoint
CREATE INDEX "dossiers_status_due_idx" ON "dossiers" USING btree ("status","due_at","id");--> statement-breakpoint
CREATE INDEX "dossiers_submitted_idx" ON "dossiers" USING btree ("submitted_at","id");--> statement-breakpoint
CREATE INDEX "dossiers_unit_submitted_idx" ON "dossiers" USING btree ("unit_code","submitted_at","id");--> statement-breakpoint
CREATE INDEX "dossiers_procedure_submitted_idx" ON "dossiers" USING btree ("procedure_code","submitted_at","id");--> statement-breakpoint
CREATE INDEX "dossiers_overdue_idx" ON "dossiers" USING btree ("submitted_at","id") WHERE "dossiers"."overdue" or "dossiers"."overdue_at_reception";--> statement-breakpoint
CREATE INDEX "dossiers_applicant_identifier_idx" ON "dossiers" USING btree (("applicant" ->> 'identifier'));--> statement-breakpoint
CREATE INDEX "dossiers_dossier_code_prefix_idx" ON "dossiers" USING btree ("dossier_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "dossiers_worklist_idx" ON "dossiers" USING btree ("unit_code",(case when "status" = 'AWAITING_RECEPTION_CHECK' then "reception_check_due_at" else "due_at" end),"id") WHERE "status" in ('AWAITING_RECEPTION_CHECK', 'SUPPLEMENT_REQUESTED', 'ACCEPTED', 'IN_HANDLING', 'PAUSED', 'RESULT_READY');--> statement-breakpoint
CREATE INDEX "dossiers_unit_status_due_idx" ON "dossiers" USING btree ("unit_code","status","due_at","id");