import { Migration } from '@mikro-orm/migrations';

export class Migration20261121093834_people_credits extends Migration {
  async up() {
    this.addSql(`create table "person" ("id" uuid not null, "name" text not null, "original_name" text null, "birth_date" text null, "death_date" text null, "biography" text null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "person_name_index" on "person" ("name");`);

    this.addSql(`create table "credit" ("id" uuid not null, "title_id" uuid not null, "person_id" uuid not null, "role" text not null, "character" text null, "order" int not null default 0, primary key ("id"));`);
    this.addSql(`create index "credit_title_id_index" on "credit" ("title_id");`);
    this.addSql(`create index "credit_person_id_index" on "credit" ("person_id");`);

    this.addSql(`alter table "credit" add constraint "credit_title_id_foreign" foreign key ("title_id") references "title" ("id") on delete cascade;`);
    this.addSql(`alter table "credit" add constraint "credit_person_id_foreign" foreign key ("person_id") references "person" ("id") on delete cascade;`);
    this.addSql(`alter table "credit" add constraint "credit_role_check" check ("role" in ('ACTOR', 'DIRECTOR', 'WRITER', 'PRODUCER', 'COMPOSER', 'CREATOR', 'VOICE', 'OTHER'));`);
  }

  async down() {
    this.addSql(`alter table "credit" drop constraint "credit_person_id_foreign";`);

    this.addSql(`drop table if exists "person" cascade;`);
    this.addSql(`drop table if exists "credit" cascade;`);
  }
}
