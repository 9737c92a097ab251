import type { ProcedureSnapshot } from '../../../workflows/dossier/procedure';

// How the catalogue reads each source dossier component (`dossierComponents[]` of procedures.source.json), one
// entry per source row, in the source's order. Three readings the sources do not state outright:
// - required: every dossier on the component's channels must carry it, so the automatic technical check may
//   refuse a submission without it. Only components every applicant needs are required; alternatives listed
//   under case headings ("Trường hợp …", "Một trong …", group = the case) and rows with a condition are not,
//   because a wrongly required component refuses a lawful dossier, while a missing optional one is caught by the
//   officer's reception check;
// - channels: only where the row's condition names the submission channel ("Nộp trực tiếp", "Nộp trực tuyến",
//   "Gửi hồ sơ qua bưu chính"); otherwise every channel;
// - reusable from the applicant's warehouse (domain spec §3.1.4): documents that exist apart from this dossier
//   (certificates, identity papers, contracts, confirmations issued by an authority) are; the dossier's own
//   forms, declarations, requests, authorisations and introduction letters are not.
// Accepted media types and size limits are product defaults applied to every component (definition.ts).

type Channel = ProcedureSnapshot['returnChannels'][number];

export interface ComponentInterpretation {
  required: boolean;
  reusable: boolean;
  /** Channels named by the row's condition; every channel when absent. */
  channels?: Channel[];
}

/** The dossier's own form or declaration: every dossier carries it; never reused. */
const form = (channels?: Channel[]): ComponentInterpretation => ({ required: true, reusable: false, ...(channels ? { channels } : {}) });
/** A document every dossier carries, existing apart from it. */
const document = (channels?: Channel[]): ComponentInterpretation => ({ required: true, reusable: true, ...(channels ? { channels } : {}) });
/** Needed only in a case or under a condition the check cannot see. */
const inCase = (reusable: boolean, channels?: Channel[]): ComponentInterpretation => ({
  required: false,
  reusable,
  ...(channels ? { channels } : {}),
});

export const componentInterpretations: Record<string, ComponentInterpretation[]> = {
  // Birth registration.
  '1.001193': [
    form(['counter', 'postal']), // Tờ khai (condition: "Nộp trực tiếp hoặc qua bưu chính")
    form(['online']), // e-form (condition: "Nộp trực tuyến")
    inCase(true), // Giấy chứng sinh: not needed when the registry already holds its e-version (the row's note)
    inCase(true), // abandoned child: the authority's record
    inCase(true), // surrogacy: the clinic's confirmation
    inCase(false), // authorisation for this registration
    document(['counter']), // identity papers, presented at the counter (condition: "Nộp trực tiếp")
    inCase(true), // proof of residence, only when the population database cannot supply it
    inCase(false, ['postal']), // postal rule: certified copies of the presented papers (a 0/0 note row)
  ],
  // Marriage registration.
  '1.000894': [
    form(['counter']), // Tờ khai (condition: "Nộp trực tiếp")
    form(['online']), // e-form (condition: "Nộp trực tuyến")
    document(['counter']), // identity papers, presented at the counter
    inCase(true), // proof of residence, only when the population database cannot supply it
    inCase(false, ['postal']), // postal rule (a 0/0 note row)
  ],
  // Certification of a copy: the original and the copy to certify, in person; the original is not a stored file.
  '2.000815': [{ required: true, reusable: false }],
  // Permanent residence: every row belongs to one case heading (own home, social care, relatives, religious
  // premises, military or police unit, rented home); the case decides, so none is required for all.
  '1.004222': [
    inCase(true), // commune's confirmation of the vehicle's parking place
    inCase(true), // vehicle registration and safety certificates
    inCase(true), // papers on care and support
    inCase(false), // request of the social-care facility's head
    inCase(true), // kinship data from the population database
    inCase(true), // commune's confirmation on religious premises
    inCase(true), // commune's confirmation on the applicant
    inCase(true), // papers proving religious office
    inCase(false), // army introduction letter
    inCase(false), // CT01 declaration (military unit case)
    inCase(false), // police introduction letter
    inCase(true), // rental, loan or lodging contract
    inCase(true), // proof of floor area
    inCase(true), // proof of lawful home
    inCase(false), // CT01 declaration (own home case)
  ],
  // Household business registration: the request form; the postal receipt copy only when posted.
  '1.001612': [form(), inCase(false)],
  // Household business termination: the notice form; the postal receipt copy only when posted.
  '1.001266': [form(), inCase(false)],
  // Construction permit, detached house (group 1.7): land papers are alternatives ("Một trong những giấy tờ").
  '1.013225': [
    inCase(true), // one of the lawful land papers
    inCase(true), // land-use right certificate
    form(), // application (Mẫu số 1)
    inCase(true), // house ownership and residential land certificate
    inCase(true), // land-use right and attached assets certificate
    { required: true, reusable: false }, // design drawings of this building
  ],
  // Joined birth + residence + health-insurance procedure.
  '2.000986': [
    form(), // health-insurance declaration and list
    inCase(false), // child registered in another person's household: parents' written consent
    document(), // Giấy chứng sinh (or its stated substitutes)
    form(), // birth registration declaration
    inCase(false), // household book change slip: household books were abolished (Residence Law 2020), old record text
  ],
  // First land registration and certificate (Hải Phòng).
  '1.115620': [
    form(), // application, Mẫu số 21
    inCase(true), // land papers under Land Law Art. 137 etc. "(nếu có)"
    inCase(false), // heirs' commitment or agreement for this registration
    inCase(true), // inheritance papers
    inCase(true), // papers on land allocated without authority "(nếu có)"
    inCase(true), // sanction decision, when there was a violation
    inCase(true), // adjacent-plot rights
    inCase(true), // members sharing a household's land right
    inCase(true), // cadastral extract "(nếu có)"
    inCase(true), // appraised construction design, for works on farm land
    inCase(true), // sanction decision under Decree 101/2024 Art. 25(6)(a)
    inCase(true), // financial-obligation receipts "(nếu có)"
    inCase(true), // transfer papers not yet registered
    inCase(true), // construction confirmation issued before 1 July 2025
    inCase(false), // representation document
  ],
  // Private enterprise: the request form appears twice, under the basic case (row 6) and under conversion from a
  // household business (row 1), with different portal codes; the case decides which, so neither is required.
  '2.001610': [
    inCase(true), // owner's identity papers (conversion case)
    inCase(false), // request form (conversion case)
    inCase(true), // household business certificate
    inCase(false), // authorisation of an individual
    inCase(false), // organisation's introduction letter
    inCase(true), // service contract with the filing organisation
    inCase(false), // request form (basic case)
    inCase(true), // owner's identity papers: not needed when the personal id number is declared (source note)
  ],
  // Judicial record: the component list was not read (source: null); none is listed, none invented.
  '3.000333': [],
};
