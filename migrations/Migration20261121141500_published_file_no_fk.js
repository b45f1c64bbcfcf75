import { Migration } from '@mikro-orm/migrations';

/**
 * The manifest's library_id is a plain column like media_file's (the entity declares no relation):
 * the foreign key added by hand earlier made the database differ from what the entities describe.
 * Deleting a library removes its manifest rows explicitly (library.commands deleteLibrary).
 */
export class Migration20261121141500_published_file_no_fk extends Migration {
  async up() {
    this.addSql(`alter table "published_file" drop constraint if exists "published_file_library_id_foreign";`);
  }

  async down() {
    this.addSql(`alter table "published_file" add constraint "published_file_library_id_foreign" foreign key ("library_id") references "library" ("id") on delete cascade;`);
  }
}
