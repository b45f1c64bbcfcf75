import { Migration } from '@mikro-orm/migrations';

export class Migration20261121123235_libraries_files_job_runs extends Migration {
  async up() {
    this.addSql(`create table "job_run" ("id" uuid not null, "queue" text not null, "library_id" uuid null, "title_id" uuid null, "target" text null, "state" text not null, "done" int not null default 0, "total" int not null default 0, "message" text null, "error" text null, "attempt" int not null default 1, "dead_lettered" boolean not null default false, "output" jsonb null, "data" jsonb not null default '{}', "version" int not null default 1, "created_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "job_run_created_at_index" on "job_run" ("created_at");`);

    this.addSql(`create table "library" ("id" uuid not null, "name" text not null, "root_path" text not null, "kind" text not null, "phases" text[] not null default '{}', "scan_schedule" text null, "path_mappings" jsonb not null default '[]', "last_scan" jsonb null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "library" add constraint "library_root_path_unique" unique ("root_path");`);

    this.addSql(`create table "media_file" ("id" uuid not null, "library_id" uuid not null, "rel_path" text not null, "class" text not null, "extra" text null, "size" bigint not null, "mtime_ms" double precision not null, "inode" bigint not null, "details" jsonb not null default '{}', "media" jsonb null, "probe_error" text null, "probed_at" timestamptz null, "hash" text null, "parsed" jsonb null, "match" jsonb null, "title_id" uuid null, "identified_at" timestamptz null, "missing_since" timestamptz null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "media_file_title_id_index" on "media_file" ("title_id");`);
    this.addSql(`create index "media_file_library_id_inode_index" on "media_file" ("library_id", "inode");`);
    this.addSql(`alter table "media_file" add constraint "media_file_library_id_rel_path_unique" unique ("library_id", "rel_path");`);

    this.addSql(`alter table "library" add constraint "library_kind_check" check ("kind" in ('MOVIES', 'SERIES', 'ANIME', 'MIXED'));`);

    this.addSql(`alter table "media_file" add constraint "media_file_library_id_foreign" foreign key ("library_id") references "library" ("id") on delete cascade;`);
    this.addSql(`alter table "media_file" add constraint "media_file_title_id_foreign" foreign key ("title_id") references "title" ("id") on delete set null;`);
  }

  async down() {
    this.addSql(`alter table "media_file" drop constraint "media_file_library_id_foreign";`);

    this.addSql(`drop table if exists "job_run" cascade;`);
    this.addSql(`drop table if exists "library" cascade;`);
    this.addSql(`drop table if exists "media_file" cascade;`);
  }
}
