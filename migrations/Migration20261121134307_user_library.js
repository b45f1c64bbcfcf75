import { Migration } from '@mikro-orm/migrations';

export class Migration20261121134307_user_library extends Migration {
  async up() {
    this.addSql(`create table "user_list" ("id" uuid not null, "owner_id" uuid not null, "name" text not null, "description" text null, "visibility" text not null default 'PRIVATE', "slug" text not null, "sections" jsonb not null default '[]', "entries" jsonb not null default '[]', "forked_from_slug" text null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "user_list_owner_id_index" on "user_list" ("owner_id");`);
    this.addSql(`alter table "user_list" add constraint "user_list_slug_unique" unique ("slug");`);

    this.addSql(`create table "user_title" ("id" uuid not null, "user_id" uuid not null, "title_id" uuid not null, "status" text null, "status_at" timestamptz null, "favourite" boolean not null default false, "favourite_at" timestamptz null, "rating" smallint null, "rating_at" timestamptz null, "notes" text null, "notes_at" timestamptz null, "progress" jsonb not null default '[]', "history" jsonb not null default '[]', "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "user_title_title_id_index" on "user_title" ("title_id");`);
    this.addSql(`alter table "user_title" add constraint "user_title_user_id_title_id_unique" unique ("user_id", "title_id");`);

    this.addSql(`alter table "user_list" add constraint "user_list_owner_id_foreign" foreign key ("owner_id") references "app_user" ("id") on delete cascade;`);
    this.addSql(`alter table "user_list" add constraint "user_list_visibility_check" check ("visibility" in ('PRIVATE', 'UNLISTED', 'PUBLIC'));`);

    this.addSql(`alter table "user_title" add constraint "user_title_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`);
    this.addSql(`alter table "user_title" add constraint "user_title_title_id_foreign" foreign key ("title_id") references "title" ("id") on delete cascade;`);
    this.addSql(`alter table "user_title" add constraint "user_title_status_check" check ("status" in ('WATCHING', 'PLANNED', 'COMPLETED', 'ON_HOLD', 'DROPPED'));`);
  }

  async down() {
    this.addSql(`drop table if exists "user_list" cascade;`);
    this.addSql(`drop table if exists "user_title" cascade;`);
  }
}
