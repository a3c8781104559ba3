"""On the demo region, every target group has someone with a viable career path, and paths explain themselves."""
from matchmaker import vocabulary as v
from matchmaker.demo import load_demo
from matchmaker.explanations import render
from matchmaker.models import Job, Occupation, Person, WorkExperience
from matchmaker.services import career_paths


def _paths(session, person, k=5):
    job = Job(kind=career_paths.CAREER_PATHS, subject_type="person", subject_id=str(person.id),
              params={"k": k, "max_steps": 3})
    return career_paths.compute(session=session, job=job, progress=lambda fraction: None)["paths"]


def test_every_target_group_has_a_person_with_a_viable_career_path(session):
    load_demo(session=session)
    session.commit()
    people = session.query(Person).filter(Person.consent_special_category.is_(True)).order_by(Person.id).all()
    for group in v.TARGET_GROUPS:
        members = [p for p in people if group in p.target_groups]
        assert members, f"the demo region has nobody in {group}"
        with_path = next((paths for p in members if (paths := _paths(session, p))), None)
        assert with_path, f"nobody in {group} has a career path"
        step = with_path[0]["steps"][0]
        assert render(step["facts"], "nl") and (step["need"] or step["programme"] or step["occupation"])


def test_demo_paths_include_growth_moves_training_and_harvest_to_year_end_chains(session):
    load_demo(session=session)
    session.commit()
    moves = set()
    for person in session.query(Person).order_by(Person.id).limit(60):
        for path in _paths(session, person):
            moves.update(path["kinds"][1:])
    assert {"move on", "after training"} <= moves, moves
    harvest = session.query(Occupation).filter(Occupation.label_en == "fruit and vegetable picker").one()
    pickers = session.query(Person).join(WorkExperience).filter(WorkExperience.occupation_id == harvest.id)
    chains = [path for person in pickers for path in _paths(session, person, k=10) if "seasonal chain" in path["kinds"]]
    assert chains, "no harvest worker gets a seasonal chain"
    first, then = chains[0]["steps"][:2]
    assert set(first["months"]).isdisjoint(then["months"])
