import { Migration } from '@mikro-orm/migrations';

export class Migration20261121091320_title_fields_locks_recycle_bin extends Migration {
  async up() {
    this.addSql(`alter table "title" add "original_title" text null, add "synonyms" text[] not null default '{}', add "overview" text null, add "runtime" int null, add "status" text null, add "rating" double precision null, add "votes" int null, add "popularity" double precision null, add "provenance" jsonb not null default '{}', add "locks" text[] not null default '{}', add "deleted_at" timestamptz null;`);
    this.addSql(`create index "title_deleted_at_index" on "title" ("deleted_at");`);
    this.addSql(`alter table "title" add constraint "title_status_check" check ("status" in ('ANNOUNCED', 'IN_PRODUCTION', 'RELEASED', 'CONTINUING', 'ENDED', 'CANCELLED'));`);
  }

  async down() {
    this.addSql(`drop index "title_deleted_at_index";`);
    this.addSql(`alter table "title" drop constraint "title_status_check";`);
    this.addSql(`alter table "title" drop column "original_title", drop column "synonyms", drop column "overview", drop column "runtime", drop column "status", drop column "rating", drop column "votes", drop column "popularity", drop column "provenance", drop column "locks", drop column "deleted_at";`);
  }
}
