-- An index on every column that refers to another table's row (SQLite
-- indexes the parent's key, not the child's column). Without them a parent's
-- delete or key change looks for its children by reading the whole child
-- table: removing a user read 24 tables whole (EXPLAIN QUERY PLAN of
-- "DELETE FROM users WHERE id = $1", noted by POBRATIM_QUERY_PLANS), an
-- organization 8, a mail of the outbox the invitations and keys that name
-- it; and a filter on such a column (the delegations to a city) read every row.
-- tests/unit/db/db_test.c checks that every foreign key has its index.

CREATE INDEX agreement_parties_by_country_code ON agreement_parties (country_code);
CREATE INDEX partnerships_by_responsible_id ON partnerships (responsible_id);
CREATE INDEX partnership_status_history_by_user_id ON partnership_status_history (user_id);
CREATE INDEX meetings_by_created_by ON meetings (created_by);
CREATE INDEX meeting_participants_by_country_code ON meeting_participants (country_code);
CREATE INDEX bulletins_by_organization_id ON bulletins (organization_id);
CREATE INDEX bulletins_by_city_id ON bulletins (city_id);
CREATE INDEX bulletin_revisions_by_city_id ON bulletin_revisions (city_id);
CREATE INDEX bulletin_revisions_by_editor_id ON bulletin_revisions (editor_id);
CREATE INDEX aid_posts_by_organization_id ON aid_posts (organization_id);
CREATE INDEX aid_posts_by_author_id ON aid_posts (author_id);
CREATE INDEX aid_posts_by_city_id ON aid_posts (city_id);
CREATE INDEX aid_posts_by_country_code ON aid_posts (country_code);
CREATE INDEX aid_answers_by_organization_id ON aid_answers (organization_id);
CREATE INDEX aid_answers_by_user_id ON aid_answers (user_id);
CREATE INDEX roadmap_notes_by_user_id ON roadmap_notes (user_id);
CREATE INDEX roadmap_history_by_user_id ON roadmap_history (user_id);
CREATE INDEX trade_series_by_partner_city_id ON trade_series (partner_city_id);
CREATE INDEX trade_series_by_partner_country ON trade_series (partner_country);
CREATE INDEX events_by_responsible_id ON events (responsible_id);
CREATE INDEX events_by_roadmap_item_id ON events (roadmap_item_id);
CREATE INDEX events_by_partnership_id ON events (partnership_id);
CREATE INDEX events_by_guest_city_id ON events (guest_city_id);
CREATE INDEX events_by_host_city_id ON events (host_city_id);
CREATE INDEX event_status_history_by_user_id ON event_status_history (user_id);
CREATE INDEX room_chat_by_user_id ON room_chat (user_id);
CREATE INDEX room_attendance_by_guest_link_id ON room_attendance (guest_link_id);
CREATE INDEX room_attendance_by_user_id ON room_attendance (user_id);
CREATE INDEX shipments_by_created_by ON shipments (created_by);
CREATE INDEX shipments_by_donor_city_id ON shipments (donor_city_id);
CREATE INDEX shipments_by_donor_country ON shipments (donor_country);
CREATE INDEX shipments_by_donor_org_id ON shipments (donor_org_id);
CREATE INDEX shipment_distributions_by_created_by ON shipment_distributions (created_by);
CREATE INDEX shipment_distributions_by_recipient_org_id ON shipment_distributions (recipient_org_id);
CREATE INDEX event_photos_by_user_id ON event_photos (user_id);
CREATE INDEX fair_exhibitors_by_country_code ON fair_exhibitors (country_code);
CREATE INDEX fair_exhibitors_by_organization_id ON fair_exhibitors (organization_id);
CREATE INDEX practices_by_organization_id ON practices (organization_id);
CREATE INDEX practice_interests_by_user_id ON practice_interests (user_id);
CREATE INDEX practice_interests_by_organization_id ON practice_interests (organization_id);
CREATE INDEX practice_interests_by_city_id ON practice_interests (city_id);
CREATE INDEX practice_interest_history_by_user_id ON practice_interest_history (user_id);
CREATE INDEX recordings_by_started_by ON recordings (started_by);
CREATE INDEX recording_publishers_by_user_id ON recording_publishers (user_id);
CREATE INDEX recording_files_by_publisher_id ON recording_files (publisher_id);
CREATE INDEX meeting_invitations_by_mail_id ON meeting_invitations (mail_id);
CREATE INDEX meeting_invitations_by_guest_link_id ON meeting_invitations (guest_link_id);
CREATE INDEX meeting_invitations_by_user_id ON meeting_invitations (user_id);
CREATE INDEX mail_keys_by_mail_id ON mail_keys (mail_id);
CREATE INDEX person_posts_by_organization_id ON person_posts (organization_id);
CREATE INDEX meeting_changes_by_changed_by ON meeting_changes (changed_by);
CREATE INDEX practice_regions_by_country_code ON practice_regions (country_code);
CREATE INDEX delegations_by_created_by ON delegations (created_by);
CREATE INDEX delegations_by_event_id ON delegations (event_id);
CREATE INDEX delegations_by_to_city_id ON delegations (to_city_id);
CREATE INDEX delegations_by_from_country ON delegations (from_country);
CREATE INDEX delegations_by_from_city_id ON delegations (from_city_id);
CREATE INDEX room_guest_links_by_revoked_by ON room_guest_links (revoked_by);
CREATE INDEX room_guest_links_by_created_by ON room_guest_links (created_by);
