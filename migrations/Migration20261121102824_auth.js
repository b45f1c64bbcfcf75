import { Migration } from '@mikro-orm/migrations';

export class Migration20261121102824_auth extends Migration {
  async up() {
    this.addSql(`create table "app_user" ("id" uuid not null, "username" text not null, "username_key" text not null, "display_name" text null, "password_hash" text not null, "role" text not null, "disabled" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null, "last_login_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_username_key_unique" unique ("username_key");`);

    this.addSql(`create table "auth_session" ("id" uuid not null, "user_id" uuid not null, "device" text not null, "address" text not null, "created_at" timestamptz not null, "last_used_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_reason" text null, primary key ("id"));`);
    this.addSql(`create index "auth_session_user_id_index" on "auth_session" ("user_id");`);

    this.addSql(`create table "auth_refresh_token" ("id" uuid not null, "session_id" uuid not null, "token_hash" text not null, "created_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "auth_refresh_token_session_id_index" on "auth_refresh_token" ("session_id");`);
    this.addSql(`alter table "auth_refresh_token" add constraint "auth_refresh_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "api_key" ("id" uuid not null, "owner_id" uuid not null, "name" text not null, "prefix" text not null, "key_hash" text not null, "scopes" text[] not null, "expires_at" timestamptz null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "api_key_owner_id_index" on "api_key" ("owner_id");`);
    this.addSql(`alter table "api_key" add constraint "api_key_key_hash_unique" unique ("key_hash");`);

    this.addSql(`alter table "app_user" add constraint "app_user_role_check" check ("role" in ('guest', 'member', 'admin'));`);

    this.addSql(`alter table "auth_session" add constraint "auth_session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`);

    this.addSql(`alter table "auth_refresh_token" add constraint "auth_refresh_token_session_id_foreign" foreign key ("session_id") references "auth_session" ("id") on delete cascade;`);

    this.addSql(`alter table "api_key" add constraint "api_key_owner_id_foreign" foreign key ("owner_id") references "app_user" ("id") on delete cascade;`);
  }

  async down() {
    this.addSql(`alter table "auth_session" drop constraint "auth_session_user_id_foreign";`);
    this.addSql(`alter table "api_key" drop constraint "api_key_owner_id_foreign";`);
    this.addSql(`alter table "auth_refresh_token" drop constraint "auth_refresh_token_session_id_foreign";`);

    this.addSql(`drop table if exists "app_user" cascade;`);
    this.addSql(`drop table if exists "auth_session" cascade;`);
    this.addSql(`drop table if exists "auth_refresh_token" cascade;`);
    this.addSql(`drop table if exists "api_key" cascade;`);
  }
}
