"""The names contract (issue 11), on every backend: migration 0013, a person's Telegram first name, a
therapist's private names for clients on the link (set, listed, cleared when the link ends) and on an
invitation until it is accepted; who sees them in /mydata, and erasure."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from alembic import command

from bot.storage import Store, clean_name, current_revision, head_revision, upgrade
from bot.storage.migrate import alembic_config
from bot.storage.records import NAME_LENGTH
from tests.storage.backends import Backend, FakeClock
from tests.storage.therapy import CLIENT_TG, THERAPIST_TG, linked_pair, person


class TestCleanName:
    def test_blanks_are_trimmed_and_runs_of_blanks_made_one(self) -> None:
        assert clean_name("  Maria \n  K. ") == "Maria K."
        assert clean_name("Мария К.") == "Мария К."

    @pytest.mark.parametrize("text", ["", "   ", "a\x00b", "a\x07b", "Maria\u202eK", "x\u200by",
                                      "x" * (NAME_LENGTH + 1)])
    def test_refused(self, text: str) -> None:
        with pytest.raises(ValueError, match="name"):
            clean_name(text)

    def test_the_longest_name_is_kept_whole(self) -> None:
        assert clean_name("x" * NAME_LENGTH) == "x" * NAME_LENGTH


class TestMigration0013:
    async def test_down_to_0009_and_up_again(self, backend: Backend, clock: FakeClock) -> None:
        await backend.make_empty_database()
        await asyncio.to_thread(upgrade, backend.url)
        await asyncio.to_thread(command.downgrade, alembic_config(backend.url), "0013")
        assert await asyncio.to_thread(current_revision, backend.url) == "0013"
        await asyncio.to_thread(command.downgrade, alembic_config(backend.url), "0009")
        assert await asyncio.to_thread(current_revision, backend.url) == "0009"
        await asyncio.to_thread(upgrade, backend.url)
        assert await asyncio.to_thread(current_revision, backend.url) == head_revision()


class TestFirstName:
    async def test_noted_cleaned_and_unusable_ones_ignored(self, store: Store) -> None:
        someone = await person(store, CLIENT_TG)
        assert someone.first_name is None
        async with store.transaction() as tx:
            assert (await tx.people.note_first_name(someone.id, "  Ольга ")).first_name == "Ольга"
            assert (await tx.people.note_first_name(someone.id, None)).first_name == "Ольга"
            assert (await tx.people.note_first_name(someone.id, "bad\x07name")).first_name == "Ольга"
            assert (await tx.people.note_first_name(someone.id, "y" * 200)).first_name == "Ольга"
        async with store.transaction() as tx:
            found = await tx.people.get(someone.id)
            assert found is not None and found.first_name == "Ольга"
            assert (await tx.people.note_first_name(someone.id, "Olga")).first_name == "Olga"


class TestClientNames:
    async def test_set_listed_and_cleared_when_the_link_ends(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        other = await person(store, 77, therapist=True)
        async with store.transaction() as tx:
            assert await tx.links.client_names(therapist_id) == {}
            assert await tx.links.set_client_name(therapist_id, client_id, "  Maria   K. ")
            assert not await tx.links.set_client_name(other.id, client_id, "Not mine")  # not linked to them
        async with store.transaction() as tx:
            assert await tx.links.client_names(therapist_id) == {client_id: "Maria K."}
            assert await tx.links.client_names(therapist_id, [client_id]) == {client_id: "Maria K."}
            assert await tx.links.client_names(therapist_id, []) == {}
            assert await tx.links.client_names(other.id) == {}
            with pytest.raises(ValueError, match="needs some text"):
                await tx.links.set_client_name(therapist_id, client_id, " ")
            assert await tx.links.set_client_name(therapist_id, client_id, None)
            assert await tx.links.client_names(therapist_id) == {}
            assert await tx.links.set_client_name(therapist_id, client_id, "Maria")
            link = await tx.links.active_for_client(client_id)
            assert link is not None
            await tx.links.end(link.id, "client")
        async with store.transaction() as tx:
            assert await tx.links.client_names(therapist_id) == {}
            await tx.links.link(therapist_id, client_id)  # linked again: the old name does not come back
            assert await tx.links.client_names(therapist_id) == {}

    async def test_a_new_therapist_does_not_inherit_the_name(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        second = await person(store, 78, therapist=True)
        async with store.transaction() as tx:
            await tx.links.set_client_name(therapist_id, client_id, "Maria")
            await tx.links.link(second.id, client_id)  # replaces the first link
            assert await tx.links.client_names(therapist_id) == {}
            assert await tx.links.client_names(second.id) == {}


class TestInviteNames:
    async def test_the_name_is_taken_once(self, store: Store) -> None:
        therapist = await person(store, THERAPIST_TG, therapist=True)
        async with store.transaction() as tx:
            named, _ = await tx.invites.create("client", therapist.id, timedelta(days=7), " Maria  K. ")
            plain, _ = await tx.invites.create("client", therapist.id, timedelta(days=7))
            with pytest.raises(ValueError, match="control"):
                await tx.invites.create("client", therapist.id, timedelta(days=7), "\x00")
        async with store.transaction() as tx:
            assert await tx.invites.take_client_name(named.id) == "Maria K."
            assert await tx.invites.take_client_name(named.id) is None
            assert await tx.invites.take_client_name(plain.id) is None
            assert await tx.invites.take_client_name(named.id + 1000) is None


class TestPrivacy:
    async def test_the_therapists_name_for_a_client_is_in_the_therapists_data_only(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        async with store.transaction() as tx:
            await tx.people.note_first_name(client_id, "Olga")
            await tx.links.set_client_name(therapist_id, client_id, "Secret Name")
            invite, _ = await tx.invites.create("client", therapist_id, timedelta(days=7), "Another Secret")
            client_data = await tx.privacy.everything_about(client_id)
            therapist_data = await tx.privacy.everything_about(therapist_id)
        assert client_data.person.first_name == "Olga"
        assert "Secret" not in repr(client_data)
        assert [link.other_name for link in therapist_data.links] == ["Secret Name"]
        assert invite.id in [i.id for i in therapist_data.invites]  # the invitation, but no name in its record

    async def test_erasing_the_client_takes_their_first_name_and_the_therapists_name_for_them(
        self, store: Store
    ) -> None:
        therapist_id, client_id = await linked_pair(store)
        async with store.transaction() as tx:
            await tx.people.note_first_name(client_id, "Olga")
            await tx.links.set_client_name(therapist_id, client_id, "Secret Name")
            await tx.privacy.erase_person(client_id)
        async with store.transaction() as tx:
            assert await tx.people.get(client_id) is None
            assert await tx.links.client_names(therapist_id) == {}
            therapist_data = await tx.privacy.everything_about(therapist_id)
        assert "Secret Name" not in repr(therapist_data) and "Olga" not in repr(therapist_data)
