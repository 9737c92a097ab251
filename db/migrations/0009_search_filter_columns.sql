DROP INDEX "dossiers_unit_status_due_idx";--> statement-breakpoint
DROP INDEX "dossiers_status_due_idx";--> statement-breakpoint
DROP INDEX "dossiers_submitted_idx";--> statement-breakpoint
DROP INDEX "dossiers_unit_submitted_idx";--> statement-breakpoint
DROP INDEX "dossiers_procedure_submitted_idx";--> statement-breakpoint
DROP INDEX "dossiers_overdue_idx";--> statement-breakpoint
DROP INDEX "dossiers_overdue_due_idx";--> statement-breakpoint
CREATE INDEX "dossiers_unit_status_due_idx" ON "dossiers" USING btree ("unit_code","status","due_at","id","procedure_code","channel","overdue","overdue_at_reception");--> statement-breakpoint
CREATE INDEX "dossiers_status_due_idx" ON "dossiers" USING btree ("status","due_at","id","unit_code","procedure_code","channel","overdue","overdue_at_reception");--> statement-breakpoint
CREATE INDEX "dossiers_submitted_idx" ON "dossiers" USING btree ("submitted_at","id","status","unit_code","procedure_code","channel","due_at","overdue","overdue_at_reception");--> statement-breakpoint
CREATE INDEX "dossiers_unit_submitted_idx" ON "dossiers" USING btree ("unit_code","submitted_at","id","status","procedure_code","channel","due_at","overdue","overdue_at_reception");--> statement-breakpoint
CREATE INDEX "dossiers_procedure_submitted_idx" ON "dossiers" USING btree ("procedure_code","submitted_at","id","status","unit_code","channel","due_at","overdue","overdue_at_reception");--> statement-breakpoint
CREATE INDEX "dossiers_overdue_idx" ON "dossiers" USING btree ("submitted_at","id","status","unit_code","procedure_code","channel","due_at") WHERE "dossiers"."overdue" or "dossiers"."overdue_at_reception";--> statement-breakpoint
CREATE INDEX "dossiers_overdue_due_idx" ON "dossiers" USING btree ("due_at","id","status","unit_code","procedure_code","channel") WHERE "dossiers"."overdue" or "dossiers"."overdue_at_reception";